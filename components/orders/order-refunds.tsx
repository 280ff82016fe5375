import Link from 'next/link';
import { useLocale, useTranslations } from 'next-intl';
import { Card } from '@/components/ui/card';
import { type StackSlot, stackCell } from '@/components/ui/data-table';
import { LangText } from '@/components/ui/lang-text';
import { formatMoney } from '@/lib/format';
import { labels } from '@/lib/i18n/labels';
import type { RefundView } from '@/lib/orders/view';
import { isRefundReason } from '@/lib/shared/refund-reasons';
import { formatDateTime } from '@/lib/time/format';
import { RefundStatusBadge } from './status-badge';

const TH = 'px-2 py-1.5 text-left text-xs font-semibold uppercase tracking-wide text-slate-500';
const TD = 'px-2 py-1.5';
const COLUMNS = [
  'requestedAt',
  'refundNo',
  'refundAmount',
  'reason',
  'requestedBy',
  'completedAt',
  'gatewayMessage',
] as const;
const SLOTS: Partial<Record<(typeof COLUMNS)[number], StackSlot>> = {
  requestedAt: 'time',
  refundNo: 'title',
  refundAmount: 'amount',
  completedAt: 'status',
};

export function OrderRefunds({ refunds, currency }: { refunds: RefundView[]; currency: string }) {
  const t = useTranslations('orders.detail');
  const label = labels(useTranslations());
  const ts = useTranslations('refunds.slip');
  const locale = useLocale();
  const cell = (key: (typeof COLUMNS)[number]) => stackCell(t(key), SLOTS[key]);
  return (
    <Card>
      <h2 className="mb-3 font-semibold">{t('refunds')}</h2>
      {refunds.length === 0 ? (
        <p className="text-sm text-slate-600">{t('noRefunds')}</p>
      ) : (
        <div className="stack-frame overflow-x-auto">
          <table className="stack-table min-w-full text-sm" data-testid="order-refunds">
            <thead>
              <tr>
                <th className={TH}>{t('requestedAt')}</th>
                <th className={TH}>{t('refundNo')}</th>
                <th className={`${TH} text-right`}>{t('refundAmount')}</th>
                <th className={TH}>{t('reason')}</th>
                <th className={TH}>{t('requestedBy')}</th>
                <th className={TH}>{t('completedAt')}</th>
                <th className={TH}>{t('gatewayMessage')}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {refunds.map((r) => (
                <tr key={r.id} data-refund-id={r.id}>
                  <td {...cell('requestedAt')} className={`${TD} whitespace-nowrap`}>
                    {formatDateTime(r.requestedAt, locale)}
                  </td>
                  <td {...cell('refundNo')} className={TD}>
                    <span className="font-mono whitespace-nowrap">{r.refundNo}</span>
                    <Link
                      href={`/refunds/${r.id}/slip`}
                      aria-label={ts('linkLabel', { refundNo: r.refundNo })}
                      className="ml-2 text-xs text-brand-700 hover:underline"
                    >
                      {ts('link')}
                    </Link>
                  </td>
                  <td {...cell('refundAmount')} className={`${TD} whitespace-nowrap text-right tabular-nums`}>
                    {formatMoney(r.amountCents, currency, locale)}
                  </td>
                  <td {...cell('reason')} className={TD}>
                    {isRefundReason(r.reason) ? label.refundReason(r.reason) : r.reason}
                    {r.note ? <LangText className="block text-xs text-slate-500">{r.note}</LangText> : null}
                  </td>
                  <td {...cell('requestedBy')} className={TD}>
                    <LangText fallback="—">{r.requestedByName}</LangText>
                  </td>
                  <td {...cell('completedAt')} className={TD}>
                    {/* The badge and the time part on a narrow card; neither breaks inside. */}
                    <span className="flex flex-wrap items-center gap-x-2 lg:flex-nowrap">
                      <RefundStatusBadge status={r.status} />
                      {r.completedAt ? (
                        <span className="whitespace-nowrap text-slate-600">
                          {formatDateTime(r.completedAt, locale)}
                        </span>
                      ) : null}
                    </span>
                  </td>
                  <td {...cell('gatewayMessage')} className={`${TD} text-slate-600`}>
                    {r.gatewayMessage ?? r.gatewayStatus ?? '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
