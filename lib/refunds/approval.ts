import 'server-only';
import { and, asc, eq, inArray, lte } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/db/connect';
import { orders, refunds } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { type StaffActor, SYSTEM } from '@/lib/auth/actor';
import { ConflictError, ForbiddenError, NotFoundError } from '@/lib/errors';
import { lockOrderInScope } from '@/lib/orders/lock';
import { isUuid } from '@/lib/orders/cursor';
import { orderRefundable } from '@/lib/shared/statuses';
import { parseInput } from '@/lib/validation';
import { nextRefundCheck } from './apply-outcome';
import { type CreatedRefund, sendRefund } from './create';
import { RefundRequestInput, RejectRefundInput } from './schemas';

/**
 * Four eyes (docs/adr/0014). A refund above the approval threshold waits as `pending_approval`:
 * its amount is reserved against the order, nothing is at eftPay. A supervisor of the order's
 * store or an administrator who is not the requester approves it — it is then sent through the
 * same path and fault handling as any refund, the approver recorded — or rejects it with a reason;
 * the requester may cancel it; undecided, it lapses at `expires_at`. Each decision takes the
 * order's lock, then the refund's, so two approvals of one request send exactly one refund.
 */

type LockedRequest = { order: typeof orders.$inferSelect; refund: typeof refunds.$inferSelect };

/** The order (in the caller's stores) and the request, both locked; not found outside the scope. */
async function lockRequest(tx: DbOrTx, actor: StaffActor, refundId: string): Promise<LockedRequest> {
  if (!isUuid(refundId)) throw new NotFoundError();
  const [head] = await tx.select({ orderId: refunds.orderId }).from(refunds).where(eq(refunds.id, refundId));
  if (!head) throw new NotFoundError();
  const order = await lockOrderInScope(tx, actor.scope, head.orderId).catch(() => {
    throw new NotFoundError();
  });
  const [refund] = await tx.select().from(refunds).where(eq(refunds.id, refundId)).for('update');
  if (!refund) throw new NotFoundError();
  return { order, refund };
}

function stillPending(refund: typeof refunds.$inferSelect, now: Date): void {
  if (refund.status !== 'pending_approval' || (refund.expiresAt && refund.expiresAt <= now)) {
    throw new ConflictError('errors.approval.not_pending');
  }
}

/** Only another person may decide a request: never its requester, however the call is made. */
function notTheRequester(actor: StaffActor, refund: typeof refunds.$inferSelect): void {
  if (refund.requestedBy === actor.staffId) throw new ForbiddenError('errors.approval.own_request');
}

export async function approveRefund({
  ctx: { db, actor },
  input,
}: {
  ctx: { db: Db; actor: StaffActor };
  input: RefundRequestInput;
}): Promise<CreatedRefund> {
  const { refundId } = parseInput(RefundRequestInput, input);
  const now = new Date();
  const { order, refund } = await db.transaction(async (tx) => {
    const locked = await lockRequest(tx, actor, refundId);
    notTheRequester(actor, locked.refund);
    stillPending(locked.refund, now);
    if (!orderRefundable(locked.order.status)) throw new ConflictError('errors.refund.not_paid');
    const [approved] = await tx
      .update(refunds)
      .set({
        status: 'requested',
        approvedBy: actor.staffId,
        approvedAt: now,
        expiresAt: null,
        updatedAt: now,
        // From here it is a refund like any other: if this process dies before eftPay answers,
        // the reconciler asks about its number.
        nextCheckAt: nextRefundCheck(0, now),
      })
      .where(eq(refunds.id, refundId))
      .returning();
    await recordAudit(tx, actor, {
      action: 'refund.approved',
      entityType: 'refund',
      entityId: refundId,
      orderId: locked.order.id,
      storeId: locked.order.storeId,
      before: { status: 'pending_approval' },
      after: { status: 'requested', amountCents: approved!.amountCents, refundNo: approved!.refundNo },
      data: { requestedBy: approved!.requestedBy, approvalThresholdCents: approved!.approvalThresholdCents },
    });
    return { order: locked.order, refund: approved! };
  });
  return sendRefund(db, actor, order, refund);
}

export async function rejectRefund({
  ctx: { db, actor },
  input,
}: {
  ctx: { db: Db; actor: StaffActor };
  input: RejectRefundInput;
}): Promise<{ refundId: string; status: 'rejected' }> {
  const { refundId, reason } = parseInput(RejectRefundInput, input);
  const now = new Date();
  await db.transaction(async (tx) => {
    const { order, refund } = await lockRequest(tx, actor, refundId);
    notTheRequester(actor, refund);
    stillPending(refund, now);
    await end(tx, actor, order, refund, {
      status: 'rejected',
      action: 'refund.rejected',
      by: actor.staffId,
      now,
      note: reason,
    });
  });
  return { refundId, status: 'rejected' };
}

export async function cancelRefund({
  ctx: { db, actor },
  input,
}: {
  ctx: { db: Db; actor: StaffActor };
  input: RefundRequestInput;
}): Promise<{ refundId: string; status: 'cancelled' }> {
  const { refundId } = parseInput(RefundRequestInput, input);
  const now = new Date();
  await db.transaction(async (tx) => {
    const { order, refund } = await lockRequest(tx, actor, refundId);
    if (refund.requestedBy !== actor.staffId) throw new ForbiddenError('errors.approval.only_requester');
    stillPending(refund, now);
    await end(tx, actor, order, refund, {
      status: 'cancelled',
      action: 'refund.cancelled',
      by: actor.staffId,
      now,
      note: null,
    });
  });
  return { refundId, status: 'cancelled' };
}

/** Ends a request without a refund: its amount is free again. */
async function end(
  tx: DbOrTx,
  actor: StaffActor | typeof SYSTEM,
  order: Pick<typeof orders.$inferSelect, 'id' | 'storeId'>,
  refund: typeof refunds.$inferSelect,
  decision: {
    status: 'rejected' | 'cancelled' | 'expired';
    action: 'refund.rejected' | 'refund.cancelled' | 'refund.expired';
    by: string | null;
    now: Date;
    note: string | null;
  },
) {
  await tx
    .update(refunds)
    .set({
      status: decision.status,
      decidedBy: decision.by,
      decidedAt: decision.now,
      decisionNote: decision.note,
      expiresAt: null,
      completedAt: decision.now,
      updatedAt: decision.now,
    })
    .where(eq(refunds.id, refund.id));
  await recordAudit(tx, actor, {
    action: decision.action,
    entityType: 'refund',
    entityId: refund.id,
    orderId: order.id,
    storeId: order.storeId,
    before: { status: 'pending_approval' },
    after: { status: decision.status, amountCents: refund.amountCents, refundNo: refund.refundNo },
    data: { requestedBy: refund.requestedBy, ...(decision.note ? { reason: decision.note } : {}) },
  });
}

/**
 * Requests nobody decided in time lapse, oldest first, releasing their amounts; run by the worker
 * at every pass. Rows another transaction holds (an approval under way) are skipped this time.
 */
export async function expireRefundRequests(db: Db, now = new Date(), batch = 100): Promise<number> {
  return db.transaction(async (tx) => {
    const due = await tx
      .select()
      .from(refunds)
      .where(and(eq(refunds.status, 'pending_approval'), lte(refunds.expiresAt, now)))
      .orderBy(asc(refunds.expiresAt))
      .limit(batch)
      .for('update', { skipLocked: true });
    if (due.length === 0) return 0;
    const owners = await tx
      .select({ id: orders.id, storeId: orders.storeId })
      .from(orders)
      .where(inArray(orders.id, [...new Set(due.map((r) => r.orderId))]));
    const storeOf = new Map(owners.map((o) => [o.id, o.storeId]));
    for (const refund of due) {
      await end(tx, SYSTEM, { id: refund.orderId, storeId: storeOf.get(refund.orderId) ?? null }, refund, {
        status: 'expired',
        action: 'refund.expired',
        by: null,
        now,
        note: null,
      });
    }
    return due.length;
  });
}
