import 'server-only';
import { and, asc, count, eq, gt, isNull, ne, or, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@/db/connect';
import { orders, refunds, staffUsers, stores } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actor';
import { storeCondition } from '@/lib/auth/scope';
import type { RefundReason } from '@/lib/shared/refund-reasons';
import { AWAITING_APPROVAL } from '@/lib/shared/statuses';
import type { Wallet } from '@/lib/shared/wallets';

/**
 * The approval queue (docs/adr/0014): refunds above the approval threshold that wait for a second
 * person, in the caller's stores. A request whose `expires_at` has passed is left out even before
 * the worker ends it: nobody can decide it any more.
 */

/** The queue shows this many, oldest first; a chain with more waiting has a bigger problem. */
export const APPROVAL_QUEUE_LIMIT = 200;

type Viewer = Pick<StaffActor, 'staffId' | 'scope'>;

/** One request as the queue shows it: nothing the approver does not need to decide. */
export interface ApprovalRequest {
  refundId: string;
  refundNo: string;
  amountCents: number;
  reason: RefundReason;
  note: string | null;
  /** The threshold it was requested under. */
  approvalThresholdCents: number | null;
  requestedById: string | null;
  requestedByName: string | null;
  /** ISO instants. */
  requestedAt: string;
  expiresAt: string;
  /** The viewer asked for it: they may withdraw it, never decide it. */
  mine: boolean;
  order: {
    id: string;
    outTradeNo: string;
    storeName: string | null;
    wallet: Wallet;
    amountCents: number;
    currency: string;
  };
}

/**
 * Waiting, not lapsed, in the viewer's stores. Only requests carry `expires_at`, so the partial
 * index `refunds_expires_at_idx` holds exactly the rows this reads.
 */
function waiting(viewer: Viewer, now: Date): SQL {
  return and(
    eq(refunds.status, AWAITING_APPROVAL),
    gt(refunds.expiresAt, now),
    storeCondition(viewer.scope, orders.storeId),
  )!;
}

/** The queue, oldest request first, at most APPROVAL_QUEUE_LIMIT. */
export async function listPendingApprovals(db: DbOrTx, viewer: Viewer, now = new Date()): Promise<ApprovalRequest[]> {
  const rows = await db
    .select({
      refundId: refunds.id,
      refundNo: refunds.refundNo,
      amountCents: refunds.amountCents,
      reason: refunds.reason,
      note: refunds.note,
      approvalThresholdCents: refunds.approvalThresholdCents,
      requestedById: refunds.requestedBy,
      requestedByName: staffUsers.name,
      requestedAt: refunds.requestedAt,
      expiresAt: refunds.expiresAt,
      orderId: orders.id,
      outTradeNo: orders.outTradeNo,
      storeName: stores.name,
      wallet: orders.wallet,
      orderAmountCents: orders.amountCents,
      currency: orders.currency,
    })
    .from(refunds)
    .innerJoin(orders, eq(orders.id, refunds.orderId))
    .leftJoin(stores, eq(stores.id, orders.storeId))
    .leftJoin(staffUsers, eq(staffUsers.id, refunds.requestedBy))
    .where(waiting(viewer, now))
    .orderBy(asc(refunds.requestedAt), asc(refunds.id))
    .limit(APPROVAL_QUEUE_LIMIT);
  return rows.map((r) => ({
    refundId: r.refundId,
    refundNo: r.refundNo,
    amountCents: r.amountCents,
    reason: r.reason,
    note: r.note,
    approvalThresholdCents: r.approvalThresholdCents,
    requestedById: r.requestedById,
    requestedByName: r.requestedByName,
    requestedAt: r.requestedAt.toISOString(),
    // `waiting` reads only rows with an expiry.
    expiresAt: r.expiresAt!.toISOString(),
    mine: r.requestedById === viewer.staffId,
    order: {
      id: r.orderId,
      outTradeNo: r.outTradeNo,
      storeName: r.storeName,
      wallet: r.wallet,
      amountCents: r.orderAmountCents,
      currency: r.currency,
    },
  }));
}

/**
 * The navigation's badge: how many requests in the viewer's stores wait for a decision the viewer
 * may take — their own requests are left out, as they may not approve them. Read on every console
 * page for supervisors and admins, so it reads the partial expiry index and one join, nothing else.
 */
export async function countPendingApprovals(db: DbOrTx, viewer: Viewer, now = new Date()): Promise<number> {
  const [row] = await db
    .select({ waiting: count() })
    .from(refunds)
    .innerJoin(orders, eq(orders.id, refunds.orderId))
    .where(and(waiting(viewer, now), or(isNull(refunds.requestedBy), ne(refunds.requestedBy, viewer.staffId))));
  return row?.waiting ?? 0;
}
