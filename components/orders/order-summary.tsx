import { useLocale, useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { Card } from '@/components/ui/card';
import { LangText } from '@/components/ui/lang-text';
import { formatMoney } from '@/lib/format';
import { labels } from '@/lib/i18n/labels';
import type { OrderView } from '@/lib/orders/view';
import { orderRefundable } from '@/lib/shared/statuses';
import { formatDateTimeSeconds } from '@/lib/time/format';

/** Statuses of an order the customer paid (a refund does not undo the payment). */
const PAID: ReadonlySet<OrderView['status']> = new Set(['paid', 'partly_refunded', 'fully_refunded']);

/**
 * The money that matters at the counter, then every field we hold about the order — only what is
 * true for its state: an order never paid has an amount, not a paid amount; refunded and in-flight
 * figures appear once there are refunds; what may still be refunded only while something may be.
 */
export function OrderSummary({ order }: { order: OrderView }) {
  const t = useTranslations('orders');
  const label = labels(useTranslations());
  const locale = useLocale();
  const money = (cents: number) => formatMoney(cents, order.currency, locale);
  const paid = PAID.has(order.status);
  return (
    <>
      <dl className="grid grid-cols-2 gap-3 md:grid-cols-4" data-testid="order-amounts">
        <Amount label={t(paid ? 'detail.amount' : 'detail.orderAmount')} value={money(order.amountCents)} />
        {order.refundedCents > 0 ? <Amount label={t('detail.refunded')} value={money(order.refundedCents)} /> : null}
        {order.awaitingApprovalCents > 0 ? (
          <Amount
            label={t('detail.awaitingApproval')}
            value={money(order.awaitingApprovalCents)}
            hint={t('detail.awaitingApprovalHint')}
          />
        ) : null}
        {order.inFlightCents > 0 ? (
          <Amount label={t('detail.inFlight')} value={money(order.inFlightCents)} hint={t('detail.inFlightHint')} />
        ) : null}
        {orderRefundable(order.status) ? (
          <Amount label={t('detail.refundable')} value={money(order.refundableCents)} strong />
        ) : null}
      </dl>
      <Card>
        <h2 className="mb-3 font-semibold">{t('detail.fields')}</h2>
        <dl className="grid grid-cols-1 gap-x-8 gap-y-2 text-sm lg:grid-cols-2" data-testid="order-fields">
          <Row label={t('detail.outTradeNo')} mono>
            {order.outTradeNo}
          </Row>
          <Row label={t('detail.eftpayTradeNo')} mono>
            {order.eftpayTradeNo}
          </Row>
          <Row label={t('detail.transactionId')} mono>
            {order.transactionId}
          </Row>
          <Row label={t('detail.wallet')}>{label.wallet(order.wallet)}</Row>
          <Row label={t('detail.store')}>
            <LangText fallback={t('filters.unassigned')}>{order.storeName}</LangText>
          </Row>
          <Row label={t('detail.tid')} mono>
            {order.tid}
          </Row>
          <Row label={t('detail.subject')}>{order.subject ? <LangText>{order.subject}</LangText> : null}</Row>
          <Row label={t('detail.gatewayStatus')} mono>
            {order.gatewayStatus}
          </Row>
          <Row label={t('detail.createdAt')}>{formatDateTimeSeconds(order.createdAt, locale)}</Row>
          {paid && order.paidAt ? (
            <Row label={t('detail.paidAt')}>{formatDateTimeSeconds(order.paidAt, locale)}</Row>
          ) : null}
          {order.closedAt ? (
            <Row label={t('detail.closedAt')}>{formatDateTimeSeconds(order.closedAt, locale)}</Row>
          ) : null}
        </dl>
      </Card>
    </>
  );
}

function Amount({ label, value, hint, strong }: { label: string; value: string; hint?: string; strong?: boolean }) {
  return (
    <div className="min-w-0 rounded-lg border border-slate-200 bg-white p-3 sm:p-4" title={hint}>
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd
        className={`mt-1 whitespace-nowrap tabular-nums ${strong ? 'text-lg font-semibold text-brand-700 sm:text-xl' : 'text-base sm:text-lg'}`}
      >
        {value}
      </dd>
    </div>
  );
}

function Row({ label, mono, children }: { label: string; mono?: boolean; children: ReactNode }) {
  return (
    // On a phone the label sits above its value, so a number keeps a whole line and never breaks.
    <div className="flex flex-col border-b border-slate-100 py-1 sm:flex-row sm:gap-3">
      <dt className="shrink-0 text-slate-500 sm:w-44">{label}</dt>
      <dd className={`min-w-0 break-words ${mono ? 'font-mono' : ''}`}>{children ?? '—'}</dd>
    </div>
  );
}
