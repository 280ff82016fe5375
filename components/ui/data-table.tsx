import type { ReactNode } from 'react';
import { cn } from './cn';

export interface DataColumn {
  key: string;
  label: ReactNode;
  /** Amounts: the heading sits right, over the right-aligned figures. */
  numeric?: boolean;
}

/**
 * A list's table: it scrolls sideways inside its frame on a narrow screen, has a caption for
 * screen readers and one row of column headings. The rows are the caller's `<tbody>`.
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
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className={className} data-testid={testId}>
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
