import 'server-only';
import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Db } from '@/db/connect';
import { orders, refunds } from '@/db/schema';
import { SYSTEM } from '@/lib/auth/actor';
import type { Wallet } from '@/lib/shared/wallets';
import { log } from '@/lib/log';
import { refreshOrderStatus, refreshRefundStatus } from '@/lib/orders/refresh';
import { nextRefundCheck } from '@/lib/refunds/apply-outcome';
import { inFlightRefund } from '@/lib/refunds/remainder';
import { mapSettled } from './concurrency';

/**
 * The reconciler: one pass asks eftPay (Query) about every order and refund that is due a check and
 * records the answers (docs/architecture.md "Where orders come from" #3). It is what settles PayMe and FPS
 * payments (they never notify, docs/eftpay-gateway.md §4.5), refunds left TRADE_PROCESSING / APPLY_SUCCESS, refunds
 * whose answer was lost (`unknown`), refunds left `requested` by a crash, and unpaid orders that
 * expired at eftPay (Query says TRADE_CLOSED, docs/eftpay-gateway.md §12 #18).
 *
 * Claiming is safe with several app instances: one UPDATE picks due rows `FOR UPDATE SKIP LOCKED`
 * and moves their next_check_at a lease ahead, so another instance's pass neither waits for nor
 * takes them. A pass that dies mid-way only delays those rows until the lease runs out. The
 * gateway is never called inside a transaction; each answer is recorded in its own.
 */

export interface ReconcileOptions {
  db: Db;
  now?: Date;
  /** Most orders and most refunds claimed by one pass (each). Default 50. */
  limit?: number;
  /** Gateway calls in flight at once. Default 4. */
  concurrency?: number;
  /**
   * How old a never-acknowledged refund must be before eftPay's "no such refund" is believed —
   * longer than a refund call can take, so a refund still on its way is not failed. Default 2 min.
   */
  refundGraceMs?: number;
}

export interface ReconcileSummary {
  orders: { checked: number; settled: number; errors: number };
  refunds: { checked: number; settled: number; notAtEftpay: number; errors: number };
}

const RECONCILE_DEFAULTS = {
  limit: 50,
  concurrency: 4,
  refundGraceMs: 2 * 60_000,
  /** Claimed rows are not offered to another pass for this long (worst case: limit × timeout / concurrency). */
  leaseMs: 10 * 60_000,
} as const;


/** Backoff for unpaid orders: 30 s, 1, 2, 4 … minutes, at most 30 minutes apart. */
function nextOrderCheck(attempts: number, now: Date): Date {
  const seconds = Math.min(30 * 2 ** Math.min(attempts, 16), 30 * 60);
  return new Date(now.getTime() + seconds * 1000);
}

export async function reconcileOnce(options: ReconcileOptions): Promise<ReconcileSummary> {
  const now = options.now ?? new Date();
  const limit = options.limit ?? RECONCILE_DEFAULTS.limit;
  const concurrency = options.concurrency ?? RECONCILE_DEFAULTS.concurrency;
  const graceMs = options.refundGraceMs ?? RECONCILE_DEFAULTS.refundGraceMs;
  const leaseUntil = new Date(now.getTime() + RECONCILE_DEFAULTS.leaseMs);
  const { db } = options;

  const dueOrders = await claimOrders(db, now, limit, leaseUntil);
  const orderResults = await mapSettled(dueOrders, concurrency, (row) => settleOrder(db, row, now));

  const dueRefunds = await claimRefunds(db, now, limit, leaseUntil);
  const refundResults = await mapSettled(dueRefunds, concurrency, (row) => settleRefund(db, row, now, graceMs));

  const summary: ReconcileSummary = {
    orders: { checked: dueOrders.length, settled: 0, errors: 0 },
    refunds: { checked: dueRefunds.length, settled: 0, notAtEftpay: 0, errors: 0 },
  };
  for (const result of orderResults) {
    if (result.status === 'rejected') {
      summary.orders.errors += 1;
      log.error({ err: result.reason }, 'reconciler: could not settle an order');
    } else if (result.value === 'settled') summary.orders.settled += 1;
  }
  for (const result of refundResults) {
    if (result.status === 'rejected') {
      summary.refunds.errors += 1;
      log.error({ err: result.reason }, 'reconciler: could not settle a refund');
    } else if (result.value === 'settled') summary.refunds.settled += 1;
    else if (result.value === 'not_at_eftpay') {
      summary.refunds.settled += 1;
      summary.refunds.notAtEftpay += 1;
    }
  }
  if (summary.orders.checked + summary.refunds.checked > 0) log.info(summary, 'reconciler pass');
  return summary;
}

interface DueOrder {
  id: string;
  outTradeNo: string;
  wallet: Wallet;
  amountCents: number;
  checkAttempts: number;
}

/** Unpaid orders due a check; their next_check_at moves to the lease in the same statement. */
async function claimOrders(db: Db, now: Date, limit: number, leaseUntil: Date): Promise<DueOrder[]> {
  const due = db
    .select({ id: orders.id })
    .from(orders)
    .where(and(lte(orders.nextCheckAt, now), eq(orders.status, 'unpaid')))
    .orderBy(asc(orders.nextCheckAt))
    .limit(limit)
    .for('update', { skipLocked: true });
  return db.update(orders).set({ nextCheckAt: leaseUntil }).where(inArray(orders.id, due)).returning({
    id: orders.id,
    outTradeNo: orders.outTradeNo,
    wallet: orders.wallet,
    amountCents: orders.amountCents,
    checkAttempts: orders.checkAttempts,
  });
}

async function settleOrder(db: Db, row: DueOrder, now: Date): Promise<'settled' | 'pending'> {
  await refreshOrderStatus(db, row, { actor: SYSTEM, action: 'order.reconciled', now });
  const attempts = row.checkAttempts + 1;
  const next = nextOrderCheck(attempts, now).toISOString();
  // Still unpaid (or no trustworthy answer): ask again later. Settled meanwhile: never again.
  const [after] = await db
    .update(orders)
    .set({
      checkAttempts: sql`${orders.checkAttempts} + 1`,
      nextCheckAt: sql`case when ${orders.status} = 'unpaid' then ${next}::timestamptz else null end`,
    })
    .where(eq(orders.id, row.id))
    .returning({ status: orders.status });
  return after && after.status !== 'unpaid' ? 'settled' : 'pending';
}

interface DueRefund {
  id: string;
  orderId: string;
  refundNo: string;
  status: (typeof refunds.$inferSelect)['status'];
  requestedAt: Date;
  checkAttempts: number;
}

/** Refunds not final and due a check, claimed like orders. */
async function claimRefunds(
  db: Db,
  now: Date,
  limit: number,
  leaseUntil: Date,
): Promise<Array<DueRefund & { wallet: Wallet; outTradeNo: string }>> {
  const due = db
    .select({ id: refunds.id })
    .from(refunds)
    .where(and(lte(refunds.nextCheckAt, now), inFlightRefund))
    .orderBy(asc(refunds.nextCheckAt))
    .limit(limit)
    .for('update', { skipLocked: true });
  const claimed: DueRefund[] = await db
    .update(refunds)
    .set({ nextCheckAt: leaseUntil })
    .where(inArray(refunds.id, due))
    .returning({
      id: refunds.id,
      orderId: refunds.orderId,
      refundNo: refunds.refundNo,
      status: refunds.status,
      requestedAt: refunds.requestedAt,
      checkAttempts: refunds.checkAttempts,
    });
  if (claimed.length === 0) return [];
  const owners = await db
    .select({ id: orders.id, wallet: orders.wallet, outTradeNo: orders.outTradeNo })
    .from(orders)
    .where(
      inArray(
        orders.id,
        claimed.map((r) => r.orderId),
      ),
    );
  const byId = new Map(owners.map((o) => [o.id, o]));
  return claimed.flatMap((refund) => {
    const order = byId.get(refund.orderId);
    return order ? [{ ...refund, wallet: order.wallet, outTradeNo: order.outTradeNo }] : [];
  });
}

async function settleRefund(
  db: Db,
  row: DueRefund & { wallet: Wallet; outTradeNo: string },
  now: Date,
  graceMs: number,
): Promise<'settled' | 'not_at_eftpay' | 'pending'> {
  const checked = await refreshRefundStatus(db, row, row, {
    actor: SYSTEM,
    action: 'refund.reconciled',
    now,
    notFoundGraceMs: graceMs,
  });
  if (!checked.learned) {
    // Nothing learned (unknown, unsigned, or too early to believe "not found"): ask again later.
    await db
      .update(refunds)
      .set({
        checkAttempts: sql`${refunds.checkAttempts} + 1`,
        nextCheckAt: nextRefundCheck(row.checkAttempts + 1, now),
      })
      .where(and(eq(refunds.id, row.id), inFlightRefund));
    return 'pending';
  }
  if (!checked.changed || !checked.final) return 'pending';
  return checked.notAtEftpay ? 'not_at_eftpay' : 'settled';
}
