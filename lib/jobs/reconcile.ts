import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/connect';
import { orders, refunds } from '@/db/schema';
import { SYSTEM } from '@/lib/auth/actor';
import { finishPendingClose } from '@/lib/close/finish';
import { renewCloseLease } from '@/lib/close/pending';
import { log } from '@/lib/log';
import { expireRefundRequests } from '@/lib/refunds/approval';
import { refreshOrderStatus, refreshRefundStatus } from '@/lib/orders/refresh';
import { nextCheckWithinGrace, nextRefundCheck } from '@/lib/refunds/apply-outcome';
import { inFlightRefund } from '@/lib/refunds/remainder';
import { claimDueOrder, claimDueRefund, type DueOrder, type DueRefund } from './claims';
import { callLeaseMs, LEASE_MARGIN_MS } from './lease';

/**
 * The reconciler: one pass asks eftPay (Query) about every order and refund that is due a check and
 * records the answers (docs/architecture.md "Where orders come from" #3). It is what settles PayMe and FPS
 * payments (they never notify, docs/eftpay-gateway.md §4.5), refunds left TRADE_PROCESSING / APPLY_SUCCESS, refunds
 * whose answer was lost (`unknown`), refunds left `requested` by a crash, unpaid orders that
 * expired at eftPay (Query says TRADE_CLOSED, docs/eftpay-gateway.md §12 #18), and a supervisor's close that
 * eftPay never answered (it carries the close out: lib/close/finish.ts).
 *
 * `concurrency` lanes each claim one row at a time — refunds first, their money is reserved — and
 * only when free to ask about it (claims.ts), for one gateway call plus a margin (lease.ts). A pass
 * killed mid-way holds back only the rows in flight, and only until their claims run out; overlapping
 * passes and instances never take the same row. The gateway is never called inside a transaction;
 * each answer is recorded in its own (docs/adr/0008-recovery-after-a-crash.md).
 */

export interface ReconcileOptions {
  db: Db;
  /** A fixed clock (tests); default: the time of each claim. */
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
  /** Added to the gateway's whole-call timeout to make a claim (lease.ts). Default 10 s. */
  leaseMarginMs?: number;
  /** Aborted: the lanes take no further row and the pass ends with the calls already in flight. */
  signal?: AbortSignal;
}

export interface ReconcileSummary {
  orders: { checked: number; settled: number; errors: number };
  refunds: { checked: number; settled: number; notAtEftpay: number; errors: number };
  /** Refund requests nobody approved in time, ended this pass (their amounts released). */
  requestsExpired: number;
}

const RECONCILE_DEFAULTS = { limit: 50, concurrency: 4, refundGraceMs: 2 * 60_000 } as const;

/** A supervisor's close still without an answer is tried again at least this often. */
const PENDING_CLOSE_MAX_GAP_SECONDS = 2 * 60;

/** Backoff for unpaid orders: 30 s, 1, 2, 4 … minutes, at most 30 minutes apart. */
function nextOrderCheck(attempts: number, now: Date, maxSeconds = 30 * 60): Date {
  const seconds = Math.min(30 * 2 ** Math.min(attempts, 16), maxSeconds);
  return new Date(now.getTime() + seconds * 1000);
}

export async function reconcileOnce(options: ReconcileOptions): Promise<ReconcileSummary> {
  const fixed = options.now;
  const clock = () => fixed ?? new Date();
  const concurrency = Math.max(1, options.concurrency ?? RECONCILE_DEFAULTS.concurrency);
  const graceMs = options.refundGraceMs ?? RECONCILE_DEFAULTS.refundGraceMs;
  const leaseMs = callLeaseMs(options.leaseMarginMs ?? LEASE_MARGIN_MS);
  const { db, signal } = options;
  const left = {
    orders: options.limit ?? RECONCILE_DEFAULTS.limit,
    refunds: options.limit ?? RECONCILE_DEFAULTS.limit,
  };
  const summary: ReconcileSummary = {
    orders: { checked: 0, settled: 0, errors: 0 },
    refunds: { checked: 0, settled: 0, notAtEftpay: 0, errors: 0 },
    requestsExpired: 0,
  };
  // Lapsed approval requests first: they hold money against their orders and need no eftPay call.
  try {
    summary.requestsExpired = await expireRefundRequests(db, clock());
  } catch (error) {
    log.error({ err: error }, 'reconciler: could not end lapsed refund requests');
  }

  const nextRefund = async () => {
    if (left.refunds <= 0) return false;
    left.refunds -= 1; // taken before the claim, so lanes together never exceed the limit
    const now = clock();
    const row = await claimDueRefund(db, now, new Date(now.getTime() + leaseMs));
    if (!row) {
      left.refunds = 0;
      return false;
    }
    summary.refunds.checked += 1;
    try {
      const result = await settleRefund(db, row, now, graceMs);
      if (result !== 'pending') summary.refunds.settled += 1;
      if (result === 'not_at_eftpay') summary.refunds.notAtEftpay += 1;
    } catch (error) {
      summary.refunds.errors += 1;
      log.error({ err: error, refundId: row.id }, 'reconciler: could not settle a refund');
    }
    return true;
  };
  const nextOrder = async () => {
    if (left.orders <= 0) return false;
    left.orders -= 1; // taken before the claim, so lanes together never exceed the limit
    const now = clock();
    const row = await claimDueOrder(db, now, new Date(now.getTime() + leaseMs));
    if (!row) {
      left.orders = 0;
      return false;
    }
    summary.orders.checked += 1;
    try {
      const renewClaim = () => renewCloseLease(db, row.id, new Date(clock().getTime() + leaseMs));
      if ((await settleOrder(db, row, now, renewClaim)) === 'settled') summary.orders.settled += 1;
    } catch (error) {
      summary.orders.errors += 1;
      log.error({ err: error, orderId: row.id }, 'reconciler: could not settle an order');
    }
    return true;
  };
  const lane = async () => {
    while (!signal?.aborted && ((await nextRefund()) || (await nextOrder()))) {}
  };
  const lanes = await Promise.allSettled(Array.from({ length: concurrency }, lane));
  const failed = lanes.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;

  if (summary.orders.checked + summary.refunds.checked + summary.requestsExpired > 0)
    log.info(summary, 'reconciler pass');
  return summary;
}

async function settleOrder(
  db: Db,
  row: DueOrder,
  now: Date,
  renewClaim: () => Promise<void>,
): Promise<'settled' | 'pending'> {
  // A supervisor's close still pending is carried out; otherwise the order is only asked about.
  let closeStillPending = false;
  if (row.closeRequestedAt !== null) {
    closeStillPending = (await finishPendingClose(db, row, { now, renewClaim })) === 'no_answer';
  } else {
    await refreshOrderStatus(db, row, { actor: SYSTEM, action: 'order.reconciled', now });
  }
  const attempts = row.checkAttempts + 1;
  const maxGap = closeStillPending ? PENDING_CLOSE_MAX_GAP_SECONDS : undefined;
  const next = nextOrderCheck(attempts, now, maxGap).toISOString();
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

async function settleRefund(
  db: Db,
  row: DueRefund,
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
    // Nothing learned (unknown, unsigned, or too early to believe "not found"): ask again later —
    // for a refund eftPay never acknowledged, no later than the end of the grace.
    const attempts = row.checkAttempts + 1;
    const next =
      row.status === 'processing'
        ? nextRefundCheck(attempts, now)
        : nextCheckWithinGrace(attempts, now, row.requestedAt, graceMs);
    await db
      .update(refunds)
      .set({ checkAttempts: sql`${refunds.checkAttempts} + 1`, nextCheckAt: next })
      .where(and(eq(refunds.id, row.id), inFlightRefund));
    return 'pending';
  }
  if (!checked.changed || !checked.final) return 'pending';
  return checked.notAtEftpay ? 'not_at_eftpay' : 'settled';
}
