import 'server-only';
import { eq } from 'drizzle-orm';
import type { Tx } from '@/db/connect';
import { orders, refunds } from '@/db/schema';
import { type AuditActor, recordAudit } from '@/lib/audit/record';
import { statusAfterRefunds } from '@/lib/orders/status';

export type RefundState = 'processing' | 'succeeded' | 'failed' | 'unknown';

export interface RefundOutcome {
  state: RefundState;
  /** eftPay's trade_status, when it gave one. */
  gatewayStatus?: string;
  /** eftPay's words (return_char), for display only. */
  gatewayMessage?: string;
}

/** Backoff for asking eftPay again about a refund that is not final. */
export function nextRefundCheck(attempts: number, now: Date): Date {
  const seconds = Math.min(15 * 2 ** attempts, 30 * 60);
  return new Date(now.getTime() + seconds * 1000);
}

/**
 * The next check of a refund eftPay has not acknowledged while its "no such refund" may not yet be
 * believed (the reconciler's grace): the backoff, but never later than the end of the grace — the
 * check that can fail it and release its money comes then, not a backoff step after it.
 */
export function nextCheckWithinGrace(attempts: number, now: Date, requestedAt: Date, graceMs: number): Date {
  const backoff = nextRefundCheck(attempts, now);
  const graceEnds = requestedAt.getTime() + graceMs;
  return graceEnds > now.getTime() && graceEnds < backoff.getTime() ? new Date(graceEnds) : backoff;
}

const FINAL: ReadonlySet<string> = new Set(['succeeded', 'failed']);

/**
 * Moves a refund to what eftPay reported — from the refund call's answer, a refund notification or
 * a Query — and keeps the order's refunded total and status in step, in the caller's transaction.
 * Locks the order, then the refund (the same order every writer uses). A final refund never changes
 * again: a replayed or late report is a no-op.
 */
export async function applyRefundOutcome(
  tx: Tx,
  refundId: string,
  outcome: RefundOutcome,
  source: { actor: AuditActor; action: string },
  now = new Date(),
): Promise<{ changed: boolean; status: string }> {
  const [head] = await tx.select({ orderId: refunds.orderId }).from(refunds).where(eq(refunds.id, refundId));
  if (!head) throw new Error(`refund ${refundId} not found`);
  const [order] = await tx.select().from(orders).where(eq(orders.id, head.orderId)).for('update');
  const [refund] = await tx.select().from(refunds).where(eq(refunds.id, refundId)).for('update');
  if (!order || !refund) throw new Error(`refund ${refundId} not found`);

  if (FINAL.has(refund.status)) return { changed: false, status: refund.status };
  // "Unknown" never overrides what we already know; it only schedules another question.
  const state = outcome.state === 'unknown' && refund.status === 'processing' ? 'processing' : outcome.state;
  if (state === refund.status && (outcome.gatewayStatus ?? refund.gatewayStatus) === refund.gatewayStatus) {
    await tx
      .update(refunds)
      .set({
        checkAttempts: refund.checkAttempts + 1,
        nextCheckAt: nextRefundCheck(refund.checkAttempts + 1, now),
        updatedAt: now,
      })
      .where(eq(refunds.id, refundId));
    return { changed: false, status: refund.status };
  }

  const final = FINAL.has(state);
  await tx
    .update(refunds)
    .set({
      status: state,
      gatewayStatus: outcome.gatewayStatus ?? refund.gatewayStatus,
      gatewayMessage: outcome.gatewayMessage ?? refund.gatewayMessage,
      completedAt: final ? now : null,
      nextCheckAt: final ? null : nextRefundCheck(refund.checkAttempts, now),
      checkAttempts: final ? refund.checkAttempts : refund.checkAttempts + 1,
      updatedAt: now,
    })
    .where(eq(refunds.id, refundId));

  if (state === 'succeeded') {
    const refundedCents = order.refundedCents + refund.amountCents;
    await tx
      .update(orders)
      .set({ refundedCents, status: statusAfterRefunds(order.amountCents, refundedCents), updatedAt: now })
      .where(eq(orders.id, order.id));
  }

  await recordAudit(tx, source.actor, {
    action: source.action,
    entityType: 'refund',
    entityId: refund.id,
    orderId: order.id,
    storeId: order.storeId,
    before: { status: refund.status, gatewayStatus: refund.gatewayStatus },
    after: { status: state, gatewayStatus: outcome.gatewayStatus ?? refund.gatewayStatus },
    data: { refundNo: refund.refundNo, amountCents: refund.amountCents },
  });
  return { changed: true, status: state };
}
