// Sections (§) refer to docs/eftpay-gateway.md.

import 'server-only';
import { and, eq } from 'drizzle-orm';
import type { Tx } from '@/db/connect';
import { orders } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import type { StaffActor } from '@/lib/auth/actor';
import { orderStateFromSaleStatus } from '@/lib/eftpay/statuses';
import { ingestSale } from '@/lib/orders/ingest';
import { saleFactsFromQuery } from '@/lib/orders/sale-facts';
import { msg } from '@/lib/shared/messages';
import type { EftpayCloseAnswer } from './ask-eftpay';
import type { ClaimedOrder } from './claim';
import type { CloseOutcome } from './outcome';
import { clearPendingClose } from './pending';

/** How soon the reconciler asks eftPay about an order whose close outcome is unknown. */
const CLOSE_RECHECK_MS = 30_000;

const ACTION_BY_STATE = {
  paid: 'order.marked_paid',
  closed: 'order.closed',
  failed: 'order.status_refreshed',
} as const;

/**
 * Records what eftPay said, in one transaction with its audit row (the supervisor as actor, the
 * reason in `data`). Sale facts go through `ingestSale`, which only moves an order forward — so a
 * payment reported meanwhile by a notification is never undone, and TRADE_SUCCESS always wins.
 */
export async function recordCloseAnswer(
  tx: Tx,
  actor: StaffActor,
  order: ClaimedOrder,
  answer: EftpayCloseAnswer,
  reason: string,
  now = new Date(),
): Promise<CloseOutcome> {
  const ids = { orderId: order.id, outTradeNo: order.outTradeNo };
  const audit = (action: string, data: Record<string, unknown>) =>
    recordAudit(tx, actor, {
      action,
      entityType: 'order',
      entityId: order.id,
      orderId: order.id,
      storeId: order.storeId,
      data: { reason, ...data },
    });
  const facts = (tradeStatus: string, data: Parameters<typeof saleFactsFromQuery>[0]) =>
    saleFactsFromQuery(data, tradeStatus, { wallet: order.wallet, amountCents: order.amountCents })!;

  if (answer.kind === 'rejected') {
    const { stage, returnStatus, message, closeSent } = answer;
    await clearPendingClose(tx, order.id);
    await audit('order.close_failed', { stage, returnStatus, message, closeSent });
    return { ...ids, result: 'failed', returnStatus, message };
  }

  if (answer.kind === 'unknown') {
    const { stage, reason: unknownReason, closeSent } = answer;
    return markUnknown(tx, order, now, unknownReason, () =>
      audit('order.close_unknown', { stage, unknownReason, closeSent }),
    );
  }

  if (answer.kind === 'no_close_service') {
    // Still worth recording: it is what eftPay says now, including the wallet it reports (§12 #17).
    await ingestSale(tx, facts(answer.tradeStatus, answer.data), {
      actor,
      action: 'order.status_refreshed',
      data: { reason },
    });
    await clearPendingClose(tx, order.id);
    await audit('order.close_refused', { why: 'no_close_service', wallet: answer.wallet });
    return { ...ids, result: 'cannot_close', why: 'no_close_service', wallet: answer.wallet };
  }

  const state = orderStateFromSaleStatus(answer.tradeStatus);
  const { stage, tradeStatus, closeSent } = answer;
  if (state === 'unpaid') {
    // Close was answered, but even the confirming Query still says "awaiting payment" (§12 #14).
    return markUnknown(tx, order, now, 'still_pending', () =>
      audit('order.close_unknown', { stage, unknownReason: 'still_pending', tradeStatus, closeSent }),
    );
  }

  const action = ACTION_BY_STATE[state];
  const data = { reason, stage, tradeStatus, closeSent };
  const ingested = await ingestSale(tx, facts(tradeStatus, answer.data), { actor, action, data }, now);
  // Closed, paid or failed (or, below, another amount): the close has its outcome.
  await clearPendingClose(tx, order.id);
  if (ingested.result === 'conflict') {
    const message = msg('errors.close.amount_differs');
    await audit('order.close_failed', { stage, tradeStatus, closeSent, message });
    return { ...ids, result: 'failed', returnStatus: null, message };
  }
  // Nothing changed: a notification or the reconciler recorded the same news first. The
  // supervisor's attempt still gets its outcome on the timeline.
  if (ingested.result === 'duplicate') await audit(action, { stage, tradeStatus, closeSent });

  const [after] = await tx.select({ status: orders.status }).from(orders).where(eq(orders.id, order.id));
  const status = after?.status ?? order.status;
  if (status === 'closed') return { ...ids, result: 'closed' };
  if (status === 'unpaid') return { ...ids, result: 'unknown', reason: 'still_pending' };
  if (status === 'failed') return { ...ids, result: 'cannot_close', why: 'not_unpaid', status };
  return { ...ids, result: 'already_paid', status };
}

/**
 * Leaves the order unpaid, the close pending and the order due for the reconciler soon: it asks
 * eftPay what happened and, if the order is still unpaid there, closes it (finish.ts).
 */
async function markUnknown(
  tx: Tx,
  order: ClaimedOrder,
  now: Date,
  reason: string,
  audit: () => Promise<void>,
): Promise<CloseOutcome> {
  await tx
    .update(orders)
    .set({ nextCheckAt: new Date(now.getTime() + CLOSE_RECHECK_MS), updatedAt: now })
    .where(and(eq(orders.id, order.id), eq(orders.status, 'unpaid')));
  await audit();
  return { orderId: order.id, outTradeNo: order.outTradeNo, result: 'unknown', reason };
}
