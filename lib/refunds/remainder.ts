import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/connect';
import { refunds } from '@/db/schema';

/** Refund states that hold money against the order: done, or possibly done. */
export const COUNTED_STATES = ['requested', 'processing', 'unknown', 'succeeded'] as const;
export const IN_FLIGHT_STATES = ['requested', 'processing', 'unknown'] as const;

export interface RefundTotals {
  refundedCents: number;
  inFlightCents: number;
}

/** Sums an order's refunds by state. Call under the order's row lock when deciding a new refund. */
export async function refundTotals(db: DbOrTx, orderId: string): Promise<RefundTotals> {
  const [row] = await db
    .select({
      refunded: sql<string>`coalesce(sum(${refunds.amountCents}) filter (where ${refunds.status} = 'succeeded'), 0)`,
      inFlight: sql<string>`coalesce(sum(${refunds.amountCents}) filter (where ${refunds.status} in ('requested','processing','unknown')), 0)`,
    })
    .from(refunds)
    .where(and(eq(refunds.orderId, orderId), inArray(refunds.status, [...COUNTED_STATES])));
  return { refundedCents: Number(row?.refunded ?? 0), inFlightCents: Number(row?.inFlight ?? 0) };
}

/** What may still be refunded: paid − refunded − in flight (unknown outcomes count as spent). */
export function refundableCents(amountCents: number, totals: RefundTotals): number {
  return Math.max(0, amountCents - totals.refundedCents - totals.inFlightCents);
}
