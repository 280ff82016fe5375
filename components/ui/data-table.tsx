import type { ReactNode } from 'react';
import { cn } from './cn';

/**
 * Where a cell goes when the table becomes a column of cards on a phone or tablet (app/globals.css
 * `stack-table`): the record's number on top, status and amount under it, then the time; every
 * other cell is a "label: value" line; `select` is a row's checkbox, beside the number; `actions`
 * is a row's buttons, across the foot of its card with no label.
 */
export type StackSlot = 'title' | 'status' | 'amount' | 'time' | 'detail' | 'select' | 'actions';

export interface DataColumn {
  key: string;
  label: ReactNode;
  /** Amounts: the heading sits right, over the right-aligned figures. */
  numeric?: boolean;
}

/** The attributes that place a cell in its row's card on narrow screens (`label`: the column heading). */
export function stackCell(label: string, slot: StackSlot = 'detail') {
  return { 'data-slot': slot, 'data-label': label };
}

/**
 * A list's table, with a caption for screen readers and one row of column headings; the rows are
 * the caller's `<tbody>`, each cell marked with `stackCell`. Below 64rem the rows become cards
 * (one column on a phone, two on a tablet); on a desktop it is a table that scrolls sideways
 * inside its frame if it must.
 */
export function DataTable({
  caption,
  columns,
  headingClassName,
  className,
  testId,
  children,
}: {
  caption: ReactNode;
  columns: readonly DataColumn[];
  /** The classes of every column heading. */
  headingClassName: string;
  /** The classes of the `<table>`. */
  className?: string;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <div className="stack-frame overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className={cn('stack-table', className)} data-testid={testId}>
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50">
          <tr>
            {columns.map((column) => (
              <th key={column.key} scope="col" className={cn(headingClassName, column.numeric && 'text-right')}>
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        {children}
      </table>
    </div>
  );
}
