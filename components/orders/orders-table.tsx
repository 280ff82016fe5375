import Link from 'next/link';
import { useLocale, useTranslations } from 'next-intl';
import { DataTable, type StackSlot, stackCell } from '@/components/ui/data-table';
import { formatMoney } from '@/lib/format';
import { labels } from '@/lib/i18n/labels';
import type { OrderListRow } from '@/lib/orders/list';
import { formatDateTime } from '@/lib/time/format';
import { OrderStatusBadge } from './status-badge';

const TH = 'px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-500';
const TD = 'px-3 py-2 text-sm';

const COLUMNS = ['time', 'outTradeNo', 'eftpayTradeNo', 'wallet', 'store', 'amount', 'refunded', 'status'] as const;
const SLOTS: Partial<Record<(typeof COLUMNS)[number], StackSlot>> = {
  time: 'time',
  outTradeNo: 'title',
  amount: 'amount',
  status: 'status',
};

/** The orders list as a plain table: server-rendered, no client JavaScript. */
export function OrdersTable({ rows }: { rows: OrderListRow[] }) {
  const t = useTranslations('orders');
  const label = labels(useTranslations());
  const locale = useLocale();
  const cell = (key: (typeof COLUMNS)[number]) => stackCell(t(`columns.${key}`), SLOTS[key]);
  return (
    <DataTable
      caption={t('table.caption')}
      columns={COLUMNS.map((key) => ({
        key,
        label: t(`columns.${key}`),
        numeric: key === 'amount' || key === 'refunded',
      }))}
      headingClassName={TH}
      className="min-w-full divide-y divide-slate-200"
      testId="orders-table"
    >
      <tbody className="divide-y divide-slate-100">
        {rows.map((row) => (
          <tr key={row.id} className="hover:bg-slate-50" data-order-id={row.id}>
            <td {...cell('time')} className={`${TD} whitespace-nowrap tabular-nums text-slate-600`}>
              <time dateTime={row.createdAt}>{formatDateTime(row.createdAt, locale)}</time>
            </td>
            <td {...cell('outTradeNo')} className={`${TD} font-mono whitespace-nowrap`}>
              <Link href={`/orders/${row.id}`} className="text-brand-700 underline-offset-2 hover:underline">
                {row.outTradeNo}
              </Link>
            </td>
            <td {...cell('eftpayTradeNo')} className={`${TD} font-mono whitespace-nowrap text-slate-600`}>
              {row.eftpayTradeNo ?? '—'}
            </td>
            <td {...cell('wallet')} className={`${TD} whitespace-nowrap`}>
              {label.wallet(row.wallet)}
            </td>
            <td {...cell('store')} className={`${TD} whitespace-nowrap`}>
              {row.storeName ?? <span className="text-slate-500">{t('filters.unassigned')}</span>}
            </td>
            <td {...cell('amount')} className={`${TD} whitespace-nowrap text-right tabular-nums`}>
              {formatMoney(row.amountCents, row.currency, locale)}
            </td>
            <td {...cell('refunded')} className={`${TD} whitespace-nowrap text-right tabular-nums text-slate-600`}>
              <span className="whitespace-nowrap">
                {row.refundedCents > 0 ? formatMoney(row.refundedCents, row.currency, locale) : '—'}
              </span>
            </td>
            <td {...cell('status')} className={TD}>
              <OrderStatusBadge status={row.status} />
            </td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}

/** The table's shape with grey bars, while the page loads. */
export function OrdersTableSkeleton({ label }: { label: string }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4" aria-busy="true" role="status">
      <span className="sr-only">{label}</span>
      <div className="space-y-3">
        {Array.from({ length: 8 }, (_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: static placeholder rows
          <div key={i} className="h-6 animate-pulse rounded bg-slate-100" />
        ))}
      </div>
    </div>
  );
}
