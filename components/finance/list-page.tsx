import type { ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { Card, Notice } from '@/components/ui/card';

/** The words a filtered list page takes from its own catalogue (`finance`, `audit`). */
export type ListPageWord = 'title' | 'timeZoneNote' | 'export' | 'exportHint' | 'invalidFilters';

/**
 * A filtered list page (the refund history, the audit log): its title, the note that times are
 * Hong Kong time, the CSV export of exactly the filtered set, the filters in a card, and the
 * results. While the URL's filters are invalid (`exportHref` null) there is no export, and a
 * warning stands where the results would be.
 */
export function ListPage({
  words,
  filters,
  exportHref,
  exportTestId,
  children,
}: {
  words: (key: ListPageWord) => string;
  filters: ReactNode;
  exportHref: string | null;
  exportTestId: string;
  children?: ReactNode;
}) {
  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold">{words('title')}</h1>
          <p className="text-sm text-slate-600" data-testid="time-zone-note">
            {words('timeZoneNote')}
          </p>
        </div>
        {exportHref ? (
          <div className="text-right">
            <Button asChild variant="secondary">
              <a href={exportHref} download data-testid={exportTestId} data-primary-action="">
                {words('export')}
              </a>
            </Button>
            <p className="mt-1 max-w-64 text-xs text-slate-500">{words('exportHint')}</p>
          </div>
        ) : null}
      </div>
      <Card>{filters}</Card>
      {exportHref ? children : <Notice tone="warning">{words('invalidFilters')}</Notice>}
    </div>
  );
}
