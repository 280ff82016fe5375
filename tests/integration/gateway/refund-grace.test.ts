import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/connect';
import { gatewayCalls, refunds } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actor';
import { reconcileOnce } from '@/lib/jobs/reconcile';
import { type RunningWorker, startWorker } from '@/lib/jobs/worker';
import { createRefund } from '@/lib/refunds/create';
import { newRefundNumber } from '@/lib/refunds/refund-number';
import { refundTotals } from '@/lib/refunds/remainder';
import { msg } from '@/lib/shared/messages';
import { makeStaff, makeStore, refundInput, refundRow } from '../../support/fixtures';
import { testDatabaseForFile } from '../../support/harness';
import { waitUntil } from '../../support/wait';
import { orderByNo, preOrder, startConsoleGateway } from './helpers';

/**
 * A refund eftPay never received keeps its money reserved only for the 2-minute "not found" grace
 * (docs/eftpay-gateway.md §12 #12, docs/adr/0008-recovery-after-a-crash.md): it is asked about
 * again at the end of the grace, not a backoff step later, and failed then — within grace + 15 s.
 */

const GRACE_MS = 2 * 60_000;
const LIMIT_MS = GRACE_MS + 15_000;

const database = testDatabaseForFile();
let db: Db;
let gw: Awaited<ReturnType<typeof startConsoleGateway>>;
let tid: string;
let manager: StaffActor;
let worker: RunningWorker | undefined;

beforeAll(async () => {
  db = database.db;
  gw = await startConsoleGateway({ timeoutMs: 1_000 });
  const store = await makeStore(db);
  tid = store.tids[0]!;
  manager = await makeStaff(db, 'manager', [store.id]);
});

afterAll(async () => {
  await worker?.stop();
  await gw.close();
});

async function paidOrder(amountCents: number) {
  const outTradeNo = await preOrder(db, { wallet: 'ALIPAYHK', amountCents, tid });
  await gw.control.pay(outTradeNo);
  await waitUntil(async () => (await orderByNo(db, outTradeNo)) !== undefined);
  return (await orderByNo(db, outTradeNo))!;
}

const refundQueries = (refundNo: string) =>
  db
    .select()
    .from(gatewayCalls)
    .where(and(eq(gatewayCalls.api, 'query-refund'), eq(gatewayCalls.refundNo, refundNo)));

describe('a refund eftPay never received', () => {
  it('is asked about on its schedule and failed at the end of the grace, not after it', async () => {
    const order = await paidOrder(6_000);
    // The request is lost on the way: eftPay never sees it, and no answer comes back in time.
    await gw.control.fault({
      match: { outTradeNo: order.outTradeNo, path: 'AppTradeRefund.do' },
      fault: 'timeout',
      apply: false,
      delayMs: 3_000,
    });
    const created = await createRefund({ ctx: { db, actor: manager }, input: refundInput(order.id, '60.00') });
    expect(created.status).toBe('unknown');
    expect((await gw.control.order(order.outTradeNo))?.refunds).toEqual([]);
    const requestedAt = (await refundRow(db, created.refundId)).requestedAt.getTime();

    // Each pass runs when the refund falls due, as the worker does (it looks every few seconds).
    const checkedAt: number[] = [];
    for (let i = 0; i < 10; i += 1) {
      const row = await refundRow(db, created.refundId);
      if (row.status === 'failed') break;
      const now = row.nextCheckAt!;
      checkedAt.push(now.getTime() - requestedAt);
      await reconcileOnce({ db, now });
    }
    const failed = await refundRow(db, created.refundId);
    expect(failed).toMatchObject({ status: 'failed', gatewayMessage: msg('errors.refund.not_at_eftpay') });
    const failedAfter = failed.completedAt!.getTime() - requestedAt;
    expect(failedAfter).toBeGreaterThanOrEqual(GRACE_MS);
    expect(failedAfter).toBeLessThanOrEqual(LIMIT_MS);
    // Every earlier check fell inside the grace; the last one at its end.
    expect(checkedAt.at(-1)).toBe(failedAfter);
    expect(checkedAt.slice(0, -1).every((ms) => ms < GRACE_MS)).toBe(true);
    expect(await refundTotals(db, order.id)).toEqual({ refundedCents: 0, inFlightCents: 0, awaitingApprovalCents: 0 });
  });

  it('is failed by a running worker within grace + 15 s of its request', async () => {
    const order = await paidOrder(5_000);
    // Its answer was lost almost two minutes ago (a crash, or a request that never arrived).
    const requestedAt = new Date(Date.now() - GRACE_MS + 4_000);
    const [refund] = await db
      .insert(refunds)
      .values({
        orderId: order.id,
        refundNo: newRefundNumber(requestedAt),
        idempotencyKey: crypto.randomUUID(),
        amountCents: 5_000,
        reason: 'customer_request',
        status: 'unknown',
        requestedBy: manager.staffId,
        requestedAt,
        nextCheckAt: new Date(Date.now() - 1_000),
      })
      .returning();
    expect(await refundTotals(db, order.id)).toEqual({ refundedCents: 0, inFlightCents: 5_000, awaitingApprovalCents: 0 });

    worker = await startWorker(database, { intervalSeconds: 3_600 });
    await waitUntil(async () => (await refundRow(db, refund!.id)).status === 'failed', 30_000, 'the refund failed');
    const failed = await refundRow(db, refund!.id);
    const failedAfter = failed.completedAt!.getTime() - requestedAt.getTime();
    console.info(`never-received refund failed ${failedAfter} ms after its request (grace ${GRACE_MS} ms)`);
    expect(failedAfter).toBeGreaterThanOrEqual(GRACE_MS);
    expect(failedAfter).toBeLessThanOrEqual(LIMIT_MS);
    // Asked twice: at the worker's start (too early to believe "not found") and at the grace's end.
    expect(await refundQueries(refund!.refundNo)).toHaveLength(2);
    expect(await refundTotals(db, order.id)).toEqual({ refundedCents: 0, inFlightCents: 0, awaitingApprovalCents: 0 });
    await worker.stop();
  });
});
