import Link from 'next/link';
import { useLocale, useTranslations } from 'next-intl';
import { cn } from '@/components/ui/cn';
import { LangText } from '@/components/ui/lang-text';
import type { RefundHistoryRow } from '@/lib/finance/list-refunds';
import type { RefundStatus } from '@/lib/finance/refund-filter';
import { formatDateTime, formatMoney } from '@/lib/format';
import { labels } from '@/lib/i18n/labels';

const STATUS_TONES: Record<RefundStatus, string> = {
  requested: 'bg-amber-100 text-amber-900',
  processing: 'bg-amber-100 text-amber-900',
  succeeded: 'bg-emerald-100 text-emerald-900',
  failed: 'bg-red-100 text-red-900',
  unknown: 'bg-orange-100 text-orange-900',
};

/** One page of the refund history; each row leads to its order. */
export function RefundTable({ rows }: { rows: RefundHistoryRow[] }) {
  const t = useTranslations('finance');
  const label = labels(useTranslations());
  const locale = useLocale();
  const th = 'px-2 py-2 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase';
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="min-w-full text-[13px]" data-testid="refunds-table">
        <caption className="sr-only">{t('table.caption')}</caption>
        <thead className="bg-slate-50">
          <tr>
            <th scope="col" className={th}>
              {t('table.requested')}
            </th>
            <th scope="col" className={th}>
              {t('table.completed')}
            </th>
            <th scope="col" className={th}>
              {t('table.store')}
            </th>
            <th scope="col" className={th}>
              {t('table.orderNo')}
            </th>
            <th scope="col" className={th}>
              {t('table.refundNo')}
            </th>
            <th scope="col" className={th}>
              {t('table.wallet')}
            </th>
            <th scope="col" className={cn(th, 'text-right')}>
              {t('table.amount')}
            </th>
            <th scope="col" className={th}>
              {t('table.reason')}
            </th>
            <th scope="col" className={th}>
              {t('table.staff')}
            </th>
            <th scope="col" className={th}>
              {t('table.status')}
            </th>
            <th scope="col" className={th}>
              {t('table.gatewayStatus')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className="border-t border-slate-100 align-top" data-testid="refund-row">
              <td className="px-2 py-2 whitespace-nowrap tabular-nums">{formatDateTime(r.requestedAt, locale)}</td>
              <td className="px-2 py-2 whitespace-nowrap tabular-nums">{formatDateTime(r.completedAt, locale)}</td>
              <td className="px-2 py-2 whitespace-nowrap">{r.storeCode ?? t('filters.unassigned')}</td>
              <td className="px-2 py-2 whitespace-nowrap">
                <Link
                  href={`/orders/${r.orderId}`}
                  title={r.eftpayTradeNo ? t('table.eftpayNo', { number: r.eftpayTradeNo }) : undefined}
                  className="font-mono text-xs text-brand-700 underline-offset-2 hover:underline"
                >
                  {r.outTradeNo}
                </Link>
              </td>
              <td className="px-2 py-2 font-mono text-xs whitespace-nowrap">{r.refundNo}</td>
              <td className="px-2 py-2 whitespace-nowrap">{label.wallet(r.wallet)}</td>
              <td className="px-2 py-2 text-right whitespace-nowrap tabular-nums">
                {formatMoney(r.amountCents, undefined, locale)}
              </td>
              <td className="px-2 py-2">
                {label.refundReason(r.reason)}
                {r.note ? (
                  <div className="max-w-48 text-xs break-words text-slate-600">
                    <LangText>{r.note}</LangText>
                  </div>
                ) : null}
              </td>
              <td className="px-2 py-2 whitespace-nowrap">
                <LangText fallback="—">{r.staffName}</LangText>
              </td>
              <td className="px-2 py-2 whitespace-nowrap">
                <span className={cn('rounded px-2 py-0.5 text-xs font-medium', STATUS_TONES[r.status])}>
                  {label.refundStatus(r.status)}
                </span>
              </td>
              <td className="px-2 py-2 whitespace-nowrap">
                <span className="font-mono text-xs">{r.gatewayStatus ?? '—'}</span>
                {r.gatewayMessage ? <div className="text-xs text-slate-500">{r.gatewayMessage}</div> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
