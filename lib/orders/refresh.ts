import 'server-only';
import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db/connect';
import { orders, refunds } from '@/db/schema';
import { type AuditActor, recordAudit } from '@/lib/audit/record';
import { type StoreScope, storeCondition } from '@/lib/auth/scope';
import { gateway } from '@/lib/eftpay/gateway';
import { refundStateFromStatus } from '@/lib/eftpay/statuses';
import { GatewayUnavailableError, NotFoundError } from '@/lib/errors';
import { log } from '@/lib/log';
import { applyRefundOutcome, type RefundOutcome } from '@/lib/refunds/apply-outcome';
import { inFlightRefund } from '@/lib/refunds/remainder';
import { msg } from '@/lib/shared/messages';
import type { OrderStatus } from '@/lib/shared/statuses';
import type { Wallet } from '@/lib/shared/wallets';
import { ingestSale } from './ingest';
import { saleFactsFromQuery } from './sale-facts';

/**
 * "Refresh from eftPay": asks eftPay (Query) about an order and about each of its refunds that is
 * not final, and records what it says. Staff call `refreshOrder` from the order page; the
 * reconciler (lib/jobs/reconcile.ts) calls the two steps below for the rows it claims.
 */

type OrderToCheck = Pick<typeof orders.$inferSelect, 'id' | 'wallet' | 'outTradeNo' | 'amountCents'> & {
  storeId?: string | null;
};
type RefundToCheck = Pick<typeof refunds.$inferSelect, 'id' | 'refundNo' | 'status' | 'requestedAt'>;

interface CheckOptions {
  actor: AuditActor;
  /** The audit action of a change this check records. */
  action: string;
  now?: Date;
}

/**
 * "Order/refund not found" — a placeholder Appendix 3 code (docs/eftpay-gateway.md §12 #15, the
 * sandbox's choice); replace it once eftPay supplies the real list. Believed only when signed.
 */
const NOT_FOUND_RETURN_STATUS = '03';

/** Step 1: the order's own status. `no_answer`: no trustworthy answer, nothing recorded. */
export async function refreshOrderStatus(
  db: Db,
  order: OrderToCheck,
  { actor, action, now, auditUnchanged = false }: CheckOptions & { auditUnchanged?: boolean },
): Promise<'answered' | 'no_answer'> {
  const outcome = await gateway(db).queryOrder({ wallet: order.wallet, outTradeNo: order.outTradeNo });
  if (outcome.kind === 'unknown') return 'no_answer';
  if (outcome.kind !== 'accepted') return 'answered';
  const facts = saleFactsFromQuery(outcome.data, outcome.tradeStatus, {
    wallet: order.wallet,
    amountCents: order.amountCents,
  });
  if (!facts) return 'answered';
  await db.transaction(async (tx) => {
    const ingested = await ingestSale(tx, facts, { actor, action }, now);
    if (ingested.result === 'conflict') {
      log.warn({ orderId: order.id }, 'eftPay reports another amount for this order; left for a person');
    }
    if (ingested.result === 'duplicate' && auditUnchanged) {
      // Nothing changed, but a check someone asked for belongs on the timeline.
      await recordAudit(tx, actor, {
        action: 'order.status_checked',
        entityType: 'order',
        entityId: order.id,
        orderId: order.id,
        storeId: order.storeId ?? null,
        data: { tradeStatus: outcome.tradeStatus },
      });
    }
  });
  return 'answered';
}

/**
 * Step 2: one refund that is not final. `notFoundGraceMs`: believe eftPay's signed "no such
 * refund" once the refund is at least this old (the reconciler); null never believes it (staff
 * refresh leaves that to the reconciler). A refund eftPay once acknowledged (`processing`) is never
 * failed on "not found".
 */
export async function refreshRefundStatus(
  db: Db,
  order: Pick<OrderToCheck, 'wallet' | 'outTradeNo'>,
  refund: RefundToCheck,
  { actor, action, now = new Date(), notFoundGraceMs = null }: CheckOptions & { notFoundGraceMs?: number | null },
): Promise<RefundCheck> {
  const answer = await gateway(db).queryRefund({
    wallet: order.wallet as Wallet,
    outTradeNo: order.outTradeNo,
    refundNo: refund.refundNo,
  });
  let outcome: RefundOutcome | null = null;
  let notAtEftpay = false;
  if (answer.kind === 'accepted') {
    outcome = { state: refundStateFromStatus(answer.tradeStatus), gatewayStatus: answer.tradeStatus };
  } else if (
    notFoundGraceMs !== null &&
    answer.kind === 'rejected' &&
    answer.signed &&
    answer.returnStatus === NOT_FOUND_RETURN_STATUS &&
    refund.status !== 'processing' &&
    now.getTime() - refund.requestedAt.getTime() >= notFoundGraceMs
  ) {
    // eftPay never received it (crash before the call, or the request was lost on the way):
    // failing it releases the reserved money; staff may refund again under a new number.
    outcome = {
      state: 'failed',
      gatewayStatus: `REJECTED_${answer.returnStatus}`,
      gatewayMessage: msg('errors.refund.not_at_eftpay'),
    };
    notAtEftpay = true;
  }
  if (!outcome) return { learned: false, changed: false, final: false, notAtEftpay: false };
  const decided = outcome;
  const applied = await db.transaction((tx) => applyRefundOutcome(tx, refund.id, decided, { actor, action }, now));
  const final = applied.status === 'succeeded' || applied.status === 'failed';
  return { learned: true, changed: applied.changed, final, notAtEftpay };
}

export interface RefundCheck {
  /** eftPay gave a trustworthy answer that was recorded. */
  learned: boolean;
  /** The refund's state changed. */
  changed: boolean;
  /** The refund is succeeded or failed now. */
  final: boolean;
  /** Failed because eftPay never received it. */
  notAtEftpay: boolean;
}

/** The staff verb: the order (inside the caller's stores), then its refunds in flight. */
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

  const checked = await refreshOrderStatus(db, order, {
    actor,
    action: 'order.status_refreshed',
    auditUnchanged: true,
  });
  if (checked === 'no_answer') throw new GatewayUnavailableError();

  const open = await db
    .select()
    .from(refunds)
    .where(and(eq(refunds.orderId, order.id), inFlightRefund));
  let refundsSettled = 0;
  for (const refund of open) {
    // The "not found" grace runs from when eftPay was sent it: an approved refund's approval.
    const sent = { ...refund, requestedAt: refund.approvedAt ?? refund.requestedAt };
    const result = await refreshRefundStatus(db, order, sent, { actor, action: 'refund.status_refreshed' });
    if (result.changed) refundsSettled += 1;
  }
  const [after] = await db.select({ status: orders.status }).from(orders).where(eq(orders.id, order.id));
  return { status: after?.status ?? order.status, refundsSettled };
}
