import 'server-only';
import { and, asc, eq, inArray, isNotNull, lte, sql } from 'drizzle-orm';
import type { Db } from '@/db/connect';
import { orders, refunds } from '@/db/schema';
import { inFlightRefund } from '@/lib/refunds/remainder';
import type { Wallet } from '@/lib/shared/wallets';

/**
 * Claiming work for the reconciler, one row at a time (docs/adr/0008-recovery-after-a-crash.md).
 * One UPDATE picks the row due soonest `FOR UPDATE SKIP LOCKED` and moves its next_check_at to the
 * end of its claim (lib/jobs/lease.ts), so no other pass — in this instance or another — takes it
 * meanwhile. A lane claims its next row only once it is free to ask eftPay about it: rows a pass
 * has not reached yet are never claimed, and a pass that dies holds back only the rows it was
 * asking about, until their claims run out.
 */

export type DueOrder = typeof orders.$inferSelect;

export interface DueRefund {
  id: string;
  orderId: string;
  refundNo: string;
  status: (typeof refunds.$inferSelect)['status'];
  requestedAt: Date;
  checkAttempts: number;
  wallet: Wallet;
  outTradeNo: string;
}

/** The unpaid order due a check soonest, claimed until `until`; null when none is due. */
export async function claimDueOrder(db: Db, now: Date, until: Date): Promise<DueOrder | null> {
  const due = db
    .select({ id: orders.id })
    .from(orders)
    .where(and(lte(orders.nextCheckAt, now), eq(orders.status, 'unpaid')))
    .orderBy(asc(orders.nextCheckAt))
    .limit(1)
    .for('update', { skipLocked: true });
  const [claimed] = await db.update(orders).set({ nextCheckAt: until }).where(inArray(orders.id, due)).returning();
  return claimed ?? null;
}

/** The refund in flight due a check soonest, claimed until `until`, with its order's numbers. */
export async function claimDueRefund(db: Db, now: Date, until: Date): Promise<DueRefund | null> {
  const due = db
    .select({ id: refunds.id })
    .from(refunds)
    .where(and(lte(refunds.nextCheckAt, now), inFlightRefund))
    .orderBy(asc(refunds.nextCheckAt))
    .limit(1)
    .for('update', { skipLocked: true });
  const [claimed] = await db
    .update(refunds)
    .set({ nextCheckAt: until })
    .where(inArray(refunds.id, due))
    .returning({
      id: refunds.id,
      orderId: refunds.orderId,
      refundNo: refunds.refundNo,
      status: refunds.status,
      // When it was sent to eftPay: an approved refund left when it was approved, not when it was
      // asked for — the "not found" grace runs from then (docs/adr/0014).
      requestedAt: sql<Date>`coalesce(${refunds.approvedAt}, ${refunds.requestedAt})`.mapWith(refunds.requestedAt),
      checkAttempts: refunds.checkAttempts,
    });
  if (!claimed) return null;
  const [order] = await db
    .select({ wallet: orders.wallet, outTradeNo: orders.outTradeNo })
    .from(orders)
    .where(eq(orders.id, claimed.orderId));
  if (!order) throw new Error(`refund ${claimed.id} has no order`);
  return { ...claimed, ...order };
}

/**
 * When the next order or refund falls due (a claim running out counts): the worker offers a pass
 * then instead of waiting for its interval. Null when nothing is waiting.
 */
export async function soonestDue(db: Db): Promise<Date | null> {
  // As epoch milliseconds: an aggregate comes back as the driver's text, which differs by driver.
  const epochMs = (column: typeof orders.nextCheckAt | typeof refunds.nextCheckAt | typeof refunds.expiresAt) =>
    sql<string | null>`(extract(epoch from min(${column})) * 1000)::bigint::text`;
  const [order] = await db
    .select({ at: epochMs(orders.nextCheckAt) })
    .from(orders)
    .where(and(isNotNull(orders.nextCheckAt), eq(orders.status, 'unpaid')));
  const [refund] = await db
    .select({ at: epochMs(refunds.nextCheckAt) })
    .from(refunds)
    .where(and(isNotNull(refunds.nextCheckAt), inFlightRefund));
  // A refund request waiting for approval lapses at its expiry (the pass ends it: reconcile.ts).
  const [request] = await db
    .select({ at: epochMs(refunds.expiresAt) })
    .from(refunds)
    .where(eq(refunds.status, 'pending_approval'));
  const times = [order?.at, refund?.at, request?.at].filter((at): at is string => typeof at === 'string').map(Number);
  return times.length ? new Date(Math.min(...times)) : null;
}
