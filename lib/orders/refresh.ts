import 'server-only';
import { and, eq, inArray } from 'drizzle-orm';
import type { OrderStatus } from '@/lib/shared/statuses';
import { inFlightRefund } from '@/lib/refunds/remainder';
import type { Db } from '@/db/connect';
import { orders, refunds } from '@/db/schema';
import { type AuditActor, recordAudit } from '@/lib/audit/record';
import { type StoreScope, storeCondition } from '@/lib/auth/scope';
import { gateway } from '@/lib/eftpay/gateway';
import { refundStateFromStatus } from '@/lib/eftpay/statuses';
import { GatewayUnavailableError, NotFoundError } from '@/lib/errors';
import { applyRefundOutcome } from '@/lib/refunds/apply-outcome';
import { ingestSale } from './ingest';
import { saleFactsFromQuery } from './sale-facts';

/**
 * "Refresh from eftPay": asks eftPay (Query) about the order and about each of its refunds that is
 * not final, and records what it says. Used by staff on the order page and by the reconciler.
 */
export async function refreshOrder({
  ctx: { db, actor },
  input,
  scope,
}: {
  ctx: { db: Db; actor: AuditActor };
  input: { orderId: string };
  scope: StoreScope;
}): Promise<{ status: OrderStatus; refundsSettled: number }> {
  const [order] = await db
    .select()
    .from(orders)
    .where(and(eq(orders.id, input.orderId), storeCondition(scope, orders.storeId)));
  if (!order) throw new NotFoundError('errors.not_found.order');
  const client = gateway(db);

  const outcome = await client.queryOrder({ wallet: order.wallet, outTradeNo: order.outTradeNo });
  if (outcome.kind === 'unknown') throw new GatewayUnavailableError();
  if (outcome.kind === 'accepted') {
    const facts = saleFactsFromQuery(outcome.data, outcome.tradeStatus, {
      wallet: order.wallet,
      amountCents: order.amountCents,
    });
    if (facts) {
      await db.transaction(async (tx) => {
        const ingested = await ingestSale(tx, facts, { actor, action: 'order.status_refreshed' });
        if (ingested.result === 'duplicate') {
          // Nothing changed, but the check itself belongs on the timeline.
          await recordAudit(tx, actor, {
            action: 'order.status_checked',
            entityType: 'order',
            entityId: order.id,
            orderId: order.id,
            storeId: order.storeId,
            data: { tradeStatus: outcome.tradeStatus },
          });
        }
      });
    }
  }

  const open = await db
    .select()
    .from(refunds)
    .where(and(eq(refunds.orderId, order.id), inFlightRefund));
  let refundsSettled = 0;
  for (const refund of open) {
    const answer = await client.queryRefund({
      wallet: order.wallet,
      outTradeNo: order.outTradeNo,
      refundNo: refund.refundNo,
    });
    if (answer.kind !== 'accepted') continue;
    const applied = await db.transaction((tx) =>
      applyRefundOutcome(
        tx,
        refund.id,
        { state: refundStateFromStatus(answer.tradeStatus), gatewayStatus: answer.tradeStatus },
        { actor, action: 'refund.status_refreshed' },
      ),
    );
    if (applied.changed) refundsSettled += 1;
  }
  const [after] = await db.select({ status: orders.status }).from(orders).where(eq(orders.id, order.id));
  return { status: after?.status ?? order.status, refundsSettled };
}
