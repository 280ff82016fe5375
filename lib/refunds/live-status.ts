import 'server-only';
import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/connect';
import { orders, refunds, staffUsers } from '@/db/schema';
import { type StoreScope, storeCondition } from '@/lib/auth/scope';
import { NotFoundError } from '@/lib/errors';
import { orderRefundable, refundableCents, refundHeld } from '@/lib/shared/statuses';
import { refundTotals } from './remainder';

export type LiveRefundState = (typeof refunds.$inferSelect)['status'];

/** What the order page polls while a refund is not final: small, and nothing the page cannot show. */
export interface LiveRefundStatus {
  orderId: string;
  orderStatus: (typeof orders.$inferSelect)['status'];
  amountCents: number;
  refundedCents: number;
  inFlightCents: number;
  /** Requests waiting for a second person's approval: held against the order, not at eftPay. */
  awaitingApprovalCents: number;
  refundableCents: number;
  /** True while any refund is waiting for approval, requested, processing or unknown: the page keeps polling. */
  open: boolean;
  /** Oldest first. */
  refunds: Array<{
    id: string;
    refundNo: string;
    amountCents: number;
    status: LiveRefundState;
    /** eftPay's words when it refused (display only). */
    gatewayMessage: string | null;
    /** Who is refunding, and since when (ISO): "Tony Wong requested HKD 600.00 · 3 min". */
    requestedByName: string | null;
    requestedById: string | null;
    requestedAt: string;
  }>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The refund statuses of one order inside the caller's stores. Another store's order, an unknown
 * id or something that is not an id at all: NotFoundError, so nothing confirms it exists.
 */
export async function getLiveRefundStatus(db: DbOrTx, scope: StoreScope, orderId: string): Promise<LiveRefundStatus> {
  if (!UUID.test(orderId)) throw new NotFoundError('errors.not_found.order');
  const [order] = await db
    .select({ id: orders.id, status: orders.status, amountCents: orders.amountCents })
    .from(orders)
    .where(and(eq(orders.id, orderId), storeCondition(scope, orders.storeId)));
  if (!order) throw new NotFoundError('errors.not_found.order');

  const [rows, totals] = await Promise.all([
    db
      .select({
        id: refunds.id,
        refundNo: refunds.refundNo,
        amountCents: refunds.amountCents,
        status: refunds.status,
        gatewayMessage: refunds.gatewayMessage,
        requestedByName: staffUsers.name,
        requestedById: refunds.requestedBy,
        requestedAt: refunds.requestedAt,
      })
      .from(refunds)
      .leftJoin(staffUsers, eq(staffUsers.id, refunds.requestedBy))
      .where(eq(refunds.orderId, order.id))
      .orderBy(asc(refunds.requestedAt), asc(refunds.id)),
    refundTotals(db, order.id),
  ]);
  return {
    orderId: order.id,
    orderStatus: order.status,
    amountCents: order.amountCents,
    refundedCents: totals.refundedCents,
    inFlightCents: totals.inFlightCents,
    awaitingApprovalCents: totals.awaitingApprovalCents,
    // The same rule as the order view and createRefund: only a paid order has a remainder.
    refundableCents: orderRefundable(order.status) ? refundableCents(order.amountCents, totals) : 0,
    open: rows.some((r) => refundHeld(r.status)),
    refunds: rows.map((r) => ({ ...r, requestedAt: r.requestedAt.toISOString() })),
  };
}
