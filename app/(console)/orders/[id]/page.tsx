import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { CloseOrderPanel } from '@/components/close/close-order-panel';
import { OrderRefunds } from '@/components/orders/order-refunds';
import { OrderSummary } from '@/components/orders/order-summary';
import { OrderTimeline } from '@/components/orders/order-timeline';
import { RefreshOrderButton } from '@/components/orders/refresh-order-button';
import { OrderStatusBadge } from '@/components/orders/status-badge';
import { RefundPanel } from '@/components/refunds/refund-panel';
import { RefundingNow } from '@/components/refunds/refunding-now';
import { getDb } from '@/db/client';
import { requireCapability } from '@/lib/auth/guard';
import { can } from '@/lib/auth/permissions';
import { getOrderDetail } from '@/lib/orders/detail';
import { notFoundOnNotFound } from '@/lib/pages/not-found';

export default async function OrderPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireCapability('orders.view');
  const { id } = await params;
  // Another store's order looks exactly like one that does not exist.
  const { order, refunds, timeline } = await notFoundOnNotFound(actor, getOrderDetail(await getDb(), actor.scope, id));
  const t = await getTranslations('orders');
  // The page's main action: refunding or closing it for the roles that may, else the way back.
  const acts = can(actor.role, 'orders.refund') || (can(actor.role, 'orders.close') && order.status === 'unpaid');

  return (
    <div className="space-y-5">
      <Link
        href="/orders"
        className="inline-flex min-h-10 items-center text-sm text-brand-700 hover:underline"
        data-primary-action={acts ? undefined : ''}
      >
        ← {t('detail.back')}
      </Link>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex items-center gap-3">
          <h1 className="font-mono text-lg font-semibold sm:text-xl">
            {t('detail.title', { outTradeNo: order.outTradeNo })}
          </h1>
          <OrderStatusBadge status={order.status} />
        </div>
        {can(actor.role, 'orders.refresh') ? <RefreshOrderButton orderId={order.id} /> : null}
      </div>
      <OrderSummary order={order} />
      {can(actor.role, 'orders.refund') ? (
        <RefundPanel order={order} refunds={refunds} viewerId={actor.staffId} />
      ) : (
        <RefundingNow refunds={refunds} currency={order.currency} viewerId={actor.staffId} canWithdraw={false} />
      )}
      {can(actor.role, 'orders.close') && order.status === 'unpaid' ? <CloseOrderPanel order={order} /> : null}
      <OrderRefunds refunds={refunds} currency={order.currency} />
      <OrderTimeline entries={timeline} order={order} />
      <p className="text-xs text-slate-500">{t('timeZoneNote')}</p>
    </div>
  );
}
