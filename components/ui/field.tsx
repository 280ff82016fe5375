import { useLocale, useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { messageText } from '@/lib/i18n/message-text';

/**
 * A labelled form field with its hint and its field-level error. The error is a message of the
 * contract (lib/shared/messages.ts) — from the form's schema or the server — shown in the reader's
 * language.
 */
export function Field({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  children: ReactNode;
}) {
  const t = useTranslations();
  const locale = useLocale();
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      {children}
      {hint && !error ? <p className="text-xs text-slate-500">{hint}</p> : null}
      {error ? (
        <p id={`${id}-error`} className="text-sm text-red-700" data-field-error={id}>
          {messageText(t, error, locale)}
        </p>
      ) : null}
    </div>
  );
}
