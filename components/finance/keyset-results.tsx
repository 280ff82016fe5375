import type { ReactNode } from 'react';
import { KeysetPager } from '@/components/finance/keyset-pager';
import { hrefWith } from '@/lib/shared/href';

/** The words a keyset list takes from its page's catalogue (`finance`, `audit`). */
export type KeysetListWord =
  | 'table.empty'
  | 'table.emptyHint'
  | 'pager.label'
  | 'pager.newest'
  | 'pager.newer'
  | 'pager.older';

/**
 * One keyset page of a filtered list (the refund history, the audit log): its table, or what to
 * do when nothing matches, and the pager under it. Every pager link keeps the filters (`params`)
 * and moves the cursor; "Newest" is offered unless this is already the first page.
 */
export function KeysetResults({
  path,
  params,
  page,
  cursor,
  words,
  summary,
  emptyTestId,
  children,
}: {
  /** The list's own page, e.g. `/refunds`. */
  path: string;
  /** The valid filters as URL parameters. */
  params: Record<string, string>;
  page: { rows: readonly unknown[]; newerCursor: string | null; olderCursor: string | null };
  /** The cursor this page was asked for. */
  cursor: { after?: string; before?: string };
  words: (key: KeysetListWord) => string;
  /** How many rows this page shows, in the list's own words. */
  summary: string;
  emptyTestId?: string;
  /** The table of `page.rows`. */
  children: ReactNode;
}) {
  const onFirstPage = !cursor.after && (!cursor.before || page.newerCursor === null);
  return (
    <section aria-live="polite">
      {page.rows.length === 0 ? (
        <div
          className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center"
          data-testid={emptyTestId}
        >
          <p className="font-medium">{words('table.empty')}</p>
          <p className="mt-1 text-sm text-slate-600">{words('table.emptyHint')}</p>
        </div>
      ) : (
        children
      )}
      <KeysetPager
        summary={summary}
        newestHref={onFirstPage ? null : hrefWith(path, params)}
        newerHref={page.newerCursor ? hrefWith(path, { ...params, before: page.newerCursor }) : null}
        olderHref={page.olderCursor ? hrefWith(path, { ...params, after: page.olderCursor }) : null}
        labels={{
          nav: words('pager.label'),
          newest: words('pager.newest'),
          newer: words('pager.newer'),
          older: words('pager.older'),
        }}
      />
    </section>
  );
}
