import Link from 'next/link';
import { useLocale, useTranslations } from 'next-intl';
import { cn } from '@/components/ui/cn';
import { DataTable, type StackSlot, stackCell } from '@/components/ui/data-table';
import { LangText } from '@/components/ui/lang-text';
import type { RefundHistoryRow } from '@/lib/finance/list-refunds';
import type { RefundStatus } from '@/lib/finance/refund-filter';
import { formatMoney } from '@/lib/format';
import { labels } from '@/lib/i18n/labels';
import { formatDateTime } from '@/lib/time/format';

const STATUS_TONES: Record<RefundStatus, string> = {
  requested: 'bg-amber-100 text-amber-900',
  processing: 'bg-amber-100 text-amber-900',
  succeeded: 'bg-emerald-100 text-emerald-900',
  failed: 'bg-red-100 text-red-900',
  unknown: 'bg-orange-100 text-orange-900',
  pending_approval: 'bg-violet-100 text-violet-900',
  rejected: 'bg-slate-100 text-slate-700',
  cancelled: 'bg-slate-100 text-slate-700',
  expired: 'bg-slate-100 text-slate-700',
};

const COLUMNS = [
  'requested',
  'completed',
  'store',
  'orderNo',
  'refundNo',
  'wallet',
  'amount',
  'reason',
  'staff',
  'approver',
  'status',
  'gatewayStatus',
] as const;
const SLOTS: Partial<Record<(typeof COLUMNS)[number], StackSlot>> = {
  requested: 'time',
  orderNo: 'title',
  amount: 'amount',
  status: 'status',
};

/** One page of the refund history; each row leads to its order. */
export function RefundTable({ rows }: { rows: RefundHistoryRow[] }) {
  const t = useTranslations('finance');
  const label = labels(useTranslations());
  const locale = useLocale();
  const cell = (key: (typeof COLUMNS)[number]) => stackCell(t(`table.${key}`), SLOTS[key]);
  return (
    <DataTable
      caption={t('table.caption')}
      columns={COLUMNS.map((key) => ({ key, label: t(`table.${key}`), numeric: key === 'amount' }))}
      headingClassName="px-2 py-2 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase"
      className="min-w-full text-[13px]"
      testId="refunds-table"
    >
      <tbody>
        {rows.map((r) => (
          <tr key={r.id} className="border-t border-slate-100 align-top" data-testid="refund-row">
            <td {...cell('requested')} className="px-2 py-2 whitespace-nowrap tabular-nums">
              {formatDateTime(r.requestedAt, locale)}
            </td>
            <td {...cell('completed')} className="px-2 py-2 whitespace-nowrap tabular-nums">
              <span className="whitespace-nowrap">{formatDateTime(r.completedAt, locale)}</span>
            </td>
            <td {...cell('store')} className="px-2 py-2 whitespace-nowrap">
              {r.storeCode ?? t('filters.unassigned')}
            </td>
            <td {...cell('orderNo')} className="px-2 py-2 whitespace-nowrap">
              <Link
                href={`/orders/${r.orderId}`}
                title={r.eftpayTradeNo ? t('table.eftpayNo', { number: r.eftpayTradeNo }) : undefined}
                className="font-mono text-xs text-brand-700 underline-offset-2 hover:underline"
              >
                {r.outTradeNo}
              </Link>
            </td>
            <td {...cell('refundNo')} className="px-2 py-2 font-mono text-xs whitespace-nowrap">
              {r.refundNo}
            </td>
            <td {...cell('wallet')} className="px-2 py-2 whitespace-nowrap">
              {label.wallet(r.wallet)}
            </td>
            <td {...cell('amount')} className="px-2 py-2 text-right whitespace-nowrap tabular-nums">
              {formatMoney(r.amountCents, undefined, locale)}
            </td>
            <td {...cell('reason')} className="px-2 py-2">
              {label.refundReason(r.reason)}
              {r.note ? (
                <div className="max-w-48 text-xs break-words text-slate-600">
                  <LangText>{r.note}</LangText>
                </div>
              ) : null}
            </td>
            <td {...cell('staff')} className="px-2 py-2 whitespace-nowrap">
              <LangText fallback="—">{r.staffName}</LangText>
            </td>
            <td {...cell('approver')} className="px-2 py-2 whitespace-nowrap">
              <LangText fallback="—">{r.approverName}</LangText>
            </td>
            <td {...cell('status')} className="px-2 py-2 whitespace-nowrap">
              <span className={cn('rounded px-2 py-0.5 text-xs font-medium', STATUS_TONES[r.status])}>
                {label.refundStatus(r.status)}
              </span>
            </td>
            <td {...cell('gatewayStatus')} className="px-2 py-2 whitespace-nowrap">
              <span className="font-mono text-xs">{r.gatewayStatus ?? '—'}</span>
              {r.gatewayMessage ? <div className="text-xs text-slate-500">{r.gatewayMessage}</div> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}
