import type { ReactNode } from 'react';

const HAN = /\p{Script=Han}/u;

/** True when the text has Chinese characters in it. */
export function hasChinese(text: string | null | undefined): boolean {
  return typeof text === 'string' && HAN.test(text);
}

/**
 * Text typed by people — order items, notes, staff and store names — marked `lang="zh-HK"` when
 * it is Chinese, so that screen readers pronounce it and browsers pick a Chinese font, whatever the
 * page's language. Other text is rendered as is. `fallback` stands in for a missing value.
 */
export function LangText({
  children,
  className,
  fallback = null,
}: {
  children?: string | null;
  className?: string;
  fallback?: ReactNode;
}) {
  if (!children) return <>{fallback}</>;
  if (hasChinese(children)) {
    return (
      <span lang="zh-HK" className={className}>
        {children}
      </span>
    );
  }
  return className ? <span className={className}>{children}</span> : children;
}
