'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import { useFilterSubmit } from '@/components/finance/use-filter-submit';
import { Button } from '@/components/ui/button';
import type { FieldErrors } from '@/lib/errors';
import type { FinancePreset } from '@/lib/shared/date-presets';

/** What a filtered list page (the refund history, the audit log) hands its filters. */
export interface ListFiltersProps<Options> {
  /** The URL's values as typed (even invalid ones, so they can be corrected). */
  values: Record<string, string>;
  /** The choices the caller may pick from (their stores, staff, events …). */
  options: Options;
  presets: Record<FinancePreset, { from: string; to: string }>;
  fieldErrors: FieldErrors;
}

/** The words a filter form takes from its page's catalogue (`finance`, `audit`). */
export type FilterFormWord = 'filters.legend' | 'filters.apply' | 'filters.applying' | 'filters.clear';

/**
 * A list's filter form with Apply and Clear. Applying writes the non-empty fields to the URL (a
 * new history entry) and the server renders the matching rows; `omit` drops a field's default
 * value. Without JavaScript the form is a plain GET to the same page.
 */
export function FilterForm({
  path,
  words,
  omit,
  children,
}: {
  /** The list's own page, e.g. `/refunds`. */
  path: string;
  words: (key: FilterFormWord) => string;
  omit?: (key: string, value: string) => boolean;
  /** The fields. */
  children: ReactNode;
}) {
  const { submit, isPending } = useFilterSubmit(path, omit);
  return (
    <search aria-label={words('filters.legend')}>
      <form onSubmit={submit} action={path} method="get" className="space-y-4">
        {children}
        <div className="flex gap-2">
          <Button type="submit" disabled={isPending}>
            {isPending ? words('filters.applying') : words('filters.apply')}
          </Button>
          <Button asChild variant="ghost">
            <Link href={path}>{words('filters.clear')}</Link>
          </Button>
        </div>
      </form>
    </search>
  );
}
