import Link from 'next/link';
import { useTranslations } from 'next-intl';

/**
 * Keyset paging goes one way — older — from a cursor; the browser's back button returns to the
 * newer pages (each page is its own URL), and "Newest" starts over with the same filters.
 */
export function OrdersPagination({
  count,
  firstHref,
  nextHref,
}: {
  count: number;
  firstHref: string | null;
  nextHref: string | null;
}) {
  const t = useTranslations('orders.table');
  return (
    <nav aria-label="Pages" className="mt-3 flex items-center justify-between text-sm">
      <span className="text-slate-600">{t('pageNote', { count })}</span>
      <div className="flex gap-2">
        {firstHref ? (
          <Link href={firstHref} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-100">
            {t('firstPage')}
          </Link>
        ) : null}
        {nextHref ? (
          <Link
            href={nextHref}
            rel="next"
            className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-100"
          >
            {t('nextPage')} →
          </Link>
        ) : null}
      </div>
    </nav>
  );
}
