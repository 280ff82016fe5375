import 'server-only';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/connect';
import { refunds } from '@/db/schema';
import {
  AWAITING_APPROVAL,
  COUNTED_REFUND_STATUSES,
  HELD_REFUND_STATUSES,
  IN_FLIGHT_REFUND_STATUSES,
  type RefundTotals,
} from '@/lib/shared/statuses';

/** Refund states as SQL, so every query counts "in flight" by the one list in lib/shared/statuses.ts. */
export const inFlightRefund = inArray(refunds.status, [...IN_FLIGHT_REFUND_STATUSES]);

/** In flight or waiting for approval: money held against the order. */
export const heldRefund = inArray(refunds.status, [...HELD_REFUND_STATUSES]);

/** Sums an order's refunds by state. Call under the order's row lock when deciding a new refund. */
export async function refundTotals(db: DbOrTx, orderId: string): Promise<RefundTotals> {
  const [row] = await db
    .select({
      refunded: sql<string>`coalesce(sum(${refunds.amountCents}) filter (where ${refunds.status} = 'succeeded'), 0)`,
      inFlight: sql<string>`coalesce(sum(${refunds.amountCents}) filter (where ${inFlightRefund}), 0)`,
      awaiting: sql<string>`coalesce(sum(${refunds.amountCents}) filter (where ${refunds.status} = ${AWAITING_APPROVAL}), 0)`,
    })
    .from(refunds)
    .where(and(eq(refunds.orderId, orderId), inArray(refunds.status, [...COUNTED_REFUND_STATUSES])));
  return {
    refundedCents: Number(row?.refunded ?? 0),
    inFlightCents: Number(row?.inFlight ?? 0),
    awaitingApprovalCents: Number(row?.awaiting ?? 0),
  };
}
