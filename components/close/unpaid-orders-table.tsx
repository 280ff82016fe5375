'use client';

import {
  type ColumnDef,
  flexRender,
  getCoreRowModel,
  type RowSelectionState,
  useReactTable,
} from '@tanstack/react-table';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { type ReactNode, useMemo, useState } from 'react';
import { Button } from '@/components/ui/button';
import { type StackSlot, stackCell } from '@/components/ui/data-table';
import type { UnpaidOrderRow } from '@/lib/close/list-unpaid';
import { formatAge, formatMoney } from '@/lib/format';
import { labels } from '@/lib/i18n/labels';
import { formatDateTime } from '@/lib/time/format';
import { Checkbox } from './checkbox';
import { CloseOrdersDialog } from './close-orders-dialog';

const SLOTS: Record<string, StackSlot> = {
  select: 'select',
  order: 'title',
  amount: 'amount',
  age: 'status',
  created: 'time',
};

/** The unpaid orders of one page, with checkboxes (select all on page) and "Close selected…". */
export function UnpaidOrdersTable({ rows, now }: { rows: UnpaidOrderRow[]; now: string }) {
  const t = useTranslations('close');
  const tr = useTranslations();
  const locale = useLocale();
  const router = useRouter();
  const [selection, setSelection] = useState<RowSelectionState>({});
  const [dialogIds, setDialogIds] = useState<string[] | null>(null);
  const headingText = (id: string) =>
    id === 'order' || id === 'store' || id === 'wallet' || id === 'amount' || id === 'created' || id === 'age'
      ? t(`columns.${id}`)
      : '';

  const columns = useMemo<ColumnDef<UnpaidOrderRow>[]>(
    () => [
      {
        id: 'select',
        header: ({ table }) => (
          <Checkbox
            label={t('columns.selectAll')}
            checked={table.getIsAllRowsSelected() ? true : table.getIsSomeRowsSelected() ? 'indeterminate' : false}
            onCheckedChange={(value) => table.toggleAllRowsSelected(value)}
          />
        ),
        cell: ({ row }) => (
          <Checkbox
            label={t('columns.select', { order: row.original.outTradeNo })}
            checked={row.getIsSelected()}
            onCheckedChange={(value) => row.toggleSelected(value)}
          />
        ),
      },
      {
        id: 'order',
        header: t('columns.order'),
        cell: ({ row }) => (
          <span className="flex flex-wrap items-center gap-2">
            <Link href={`/orders/${row.original.id}`} className="font-mono text-brand-700 hover:underline">
              {row.original.outTradeNo}
            </Link>
            {!row.original.closeService ? <Badge>{t('badges.noCloseService')}</Badge> : null}
            {row.original.tooYoung ? <Badge>{t('badges.tooYoung')}</Badge> : null}
          </span>
        ),
      },
      { id: 'store', header: t('columns.store'), cell: ({ row }) => row.original.storeName ?? '—' },
      { id: 'wallet', header: t('columns.wallet'), cell: ({ row }) => labels(tr).wallet(row.original.wallet) },
      {
        id: 'amount',
        header: t('columns.amount'),
        cell: ({ row }) => (
          <span className="tabular-nums">{formatMoney(row.original.amountCents, row.original.currency, locale)}</span>
        ),
      },
      {
        id: 'created',
        header: t('columns.created'),
        cell: ({ row }) => formatDateTime(row.original.createdAt, locale),
      },
      {
        id: 'age',
        header: t('columns.age'),
        cell: ({ row }) => formatAge(row.original.createdAt, new Date(now), locale),
      },
    ],
    [t, locale, now, tr],
  );

  const table = useReactTable({
    data: rows,
    columns,
    getRowId: (row) => row.id,
    state: { rowSelection: selection },
    onRowSelectionChange: setSelection,
    enableRowSelection: true,
    getCoreRowModel: getCoreRowModel(),
  });
  // Only rows still on the page count (a refresh may have removed closed ones).
  const selectedIds = rows.filter((row) => selection[row.id]).map((row) => row.id);

  return (
    <div className="space-y-3">
      <div className="flex items-center justify-between gap-3">
        <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
          {/* On a phone or tablet the rows are cards and the heading row is gone: select all here. */}
          <span className="lg:hidden">
            <Checkbox
              label={t('columns.selectAll')}
              checked={table.getIsAllRowsSelected() ? true : table.getIsSomeRowsSelected() ? 'indeterminate' : false}
              onCheckedChange={(value) => table.toggleAllRowsSelected(value)}
              showLabel
            />
          </span>
          <p className="text-sm text-slate-600" data-testid="close-selected-count">
            {t('selected', { count: selectedIds.length })}
          </p>
        </div>
        <Button
          type="button"
          variant="danger"
          disabled={selectedIds.length === 0}
          onClick={() => setDialogIds(selectedIds)}
          data-primary-action=""
        >
          {t('closeSelected')}
        </Button>
      </div>
      <div className="stack-frame overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="stack-table min-w-full text-sm">
          <thead className="bg-slate-50 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase">
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => (
                  <th key={header.id} scope="col" className="px-3 py-2">
                    {flexRender(header.column.columnDef.header, header.getContext())}
                  </th>
                ))}
              </tr>
            ))}
          </thead>
          <tbody className="divide-y divide-slate-100">
            {table.getRowModel().rows.map((row) => (
              <tr key={row.id} data-testid="unpaid-order-row" data-order={row.original.outTradeNo}>
                {row.getVisibleCells().map((cell) => (
                  <td
                    key={cell.id}
                    {...stackCell(headingText(cell.column.id), SLOTS[cell.column.id])}
                    className="px-3 py-2 align-middle"
                  >
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {dialogIds ? (
        <CloseOrdersDialog
          orderIds={dialogIds}
          open
          onOpenChange={(open) => {
            if (!open) setDialogIds(null);
          }}
          onFinished={() => {
            setSelection({});
            router.refresh();
          }}
        />
      ) : null}
    </div>
  );
}

function Badge({ children }: { children: ReactNode }) {
  return (
    <span className="rounded-full border border-amber-300 bg-amber-50 px-2 py-0.5 text-xs font-medium text-amber-900">
      {children}
    </span>
  );
}
