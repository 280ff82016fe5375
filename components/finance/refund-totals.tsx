import { useLocale, useTranslations } from 'next-intl';
import { Card } from '@/components/ui/card';
import type { RefundTotals as Totals } from '@/lib/finance/refund-totals';
import { formatMoney } from '@/lib/format';
import { labels } from '@/lib/i18n/labels';

/** Count and sum of the whole filtered set, overall and by status, wallet and store. */
export function RefundTotals({ totals }: { totals: Totals }) {
  const t = useTranslations('finance');
  const label = labels(useTranslations());
  const locale = useLocale();
  return (
    <Card className="space-y-4" role="region" aria-labelledby="refund-totals-heading">
      <div>
        <h2 id="refund-totals-heading" className="font-semibold">
          {t('totals.heading')}
        </h2>
        <p className="text-xs text-slate-500">{t('totals.scope')}</p>
      </div>
      <div className="grid gap-6 md:grid-cols-2 xl:grid-cols-4">
        <div className="space-y-2">
          <dl className="grid grid-cols-1 gap-3 sm:grid-cols-2 md:grid-cols-1">
            <div className="rounded-md bg-slate-50 p-3">
              <dt className="text-xs text-slate-600">{t('totals.refunds')}</dt>
              <dd className="text-2xl font-semibold tabular-nums" data-testid="refund-total-count">
                {totals.all.count.toLocaleString('en')}
              </dd>
            </div>
            <div className="rounded-md bg-slate-50 p-3">
              <dt className="text-xs text-slate-600">{t('totals.amount')}</dt>
              <dd className="text-2xl font-semibold whitespace-nowrap tabular-nums" data-testid="refund-total-amount">
                {formatMoney(totals.all.cents, undefined, locale)}
              </dd>
            </div>
          </dl>
          <p className="text-xs text-slate-500">{t('totals.allStatuses')}</p>
        </div>
        {totals.all.count === 0 ? null : (
          <>
            <Breakdown
              title={t('totals.byStatus')}
              testId="refund-totals-by-status"
              rows={totals.byStatus.map((r) => ({ key: r.status, label: label.refundStatus(r.status), ...r }))}
            />
            <Breakdown
              title={t('totals.byWallet')}
              testId="refund-totals-by-wallet"
              rows={totals.byWallet.map((r) => ({ key: r.wallet, label: label.wallet(r.wallet), ...r }))}
            />
            <Breakdown
              title={t('totals.byStore')}
              testId="refund-totals-by-store"
              rows={totals.byStore.map((r) => ({
                key: r.storeId ?? 'unassigned',
                label: r.storeCode ? `${r.storeCode} · ${r.storeName}` : t('filters.unassigned'),
                ...r,
              }))}
            />
          </>
        )}
      </div>
    </Card>
  );
}

function Breakdown({
  title,
  testId,
  rows,
}: {
  title: string;
  testId: string;
  rows: Array<{ key: string; label: string; count: number; cents: number }>;
}) {
  const t = useTranslations('finance.totals');
  const locale = useLocale();
  return (
    <table className="w-full self-start text-sm" data-testid={testId}>
      <caption className="mb-1 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase">{title}</caption>
      <thead className="sr-only">
        <tr>
          <th scope="col">{title}</th>
          <th scope="col">{t('refunds')}</th>
          <th scope="col">{t('amount')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key} className="border-t border-slate-100">
            <th scope="row" className="py-1 pr-2 text-left font-normal">
              {row.label}
            </th>
            <td className="py-1 pr-2 text-right whitespace-nowrap text-slate-600 tabular-nums">
              {t('count', { count: row.count })}
            </td>
            <td className="py-1 text-right whitespace-nowrap tabular-nums">
              {formatMoney(row.cents, undefined, locale)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
