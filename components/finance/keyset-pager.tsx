import Link from 'next/link';

const LINK = 'rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-100';

/**
 * Keyset paging: each page is its own URL (cursor = the id of the row at the edge), so Back works
 * and a page costs the same however deep it is. "Newest" starts over with the same filters.
 */
export function KeysetPager({
  summary,
  newestHref,
  newerHref,
  olderHref,
  labels,
}: {
  summary: string;
  newestHref: string | null;
  newerHref: string | null;
  olderHref: string | null;
  labels: { nav: string; newest: string; newer: string; older: string };
}) {
  return (
    <nav aria-label={labels.nav} className="mt-3 flex items-center justify-between text-sm">
      <span className="text-slate-600">{summary}</span>
      <div className="flex gap-2">
        {newestHref ? (
          <Link href={newestHref} className={LINK}>
            {labels.newest}
          </Link>
        ) : null}
        {newerHref ? (
          <Link href={newerHref} rel="prev" className={LINK}>
            {labels.newer}
          </Link>
        ) : null}
        {olderHref ? (
          <Link href={olderHref} rel="next" className={LINK}>
            {labels.older}
          </Link>
        ) : null}
      </div>
    </nav>
  );
}
