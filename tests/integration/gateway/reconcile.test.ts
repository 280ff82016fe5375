import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/connect';
import { auditLog, gatewayCalls, orders, refunds } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actor';
import { gateway } from '@/lib/eftpay/gateway';
import type { Wallet } from '@/lib/shared/wallets';
import { reconcileOnce } from '@/lib/jobs/reconcile';
import { msg } from '@/lib/shared/messages';
import { findOrderAtEftpay } from '@/lib/orders/find-at-eftpay';
import { createRefund } from '@/lib/refunds/create';
import { refundTotals } from '@/lib/refunds/remainder';
import { refundableCents } from '@/lib/shared/statuses';
import { newRefundNumber } from '@/lib/refunds/refund-number';
import { makeStaff, makeStore, orderRow, refundInput, refundRow } from '../../support/fixtures';
import { testDatabaseForFile } from '../../support/harness';
import { waitUntil } from '../../support/wait';
import { orderByNo, preOrder, startConsoleGateway } from './helpers';

const database = testDatabaseForFile();
let db: Db;
let gw: Awaited<ReturnType<typeof startConsoleGateway>>;
let tid: string;
let manager: StaffActor;

const MINUTE = 60_000;
const later = (ms: number) => new Date(Date.now() + ms);

beforeAll(async () => {
  db = database.db;
  // A short client timeout, so a lost refund answer (fault `timeout`) is felt quickly.
  gw = await startConsoleGateway({ timeoutMs: 1_000 });
  const store = await makeStore(db);
  tid = store.tids[0]!;
  manager = await makeStaff(db, 'manager', [store.id]);
});

afterAll(async () => {
  await gw.close();
});

/** An order eftPay knows, recorded by us from Query while still unpaid. */
async function unpaidOrder(wallet: Wallet, amountCents = 9_900) {
  const outTradeNo = await preOrder(db, { wallet, amountCents, tid });
  const found = await findOrderAtEftpay({ ctx: { db, actor: manager }, input: { outTradeNo, wallet } });
  return orderRow(db, found.orderId);
}

async function paidOrder(wallet: Wallet, amountCents = 10_000) {
  const outTradeNo = await preOrder(db, { wallet, amountCents, tid });
  await gw.control.pay(outTradeNo);
  await waitUntil(async () => (await orderByNo(db, outTradeNo)) !== undefined);
  return (await orderByNo(db, outTradeNo))!;
}

async function sandboxRefund(outTradeNo: string, refundNo: string) {
  const order = await gw.control.order(outTradeNo);
  return order?.refunds.find((r) => r.refundNo === refundNo);
}

describe('reconcileOnce', () => {
  it('settles a PayMe order the sandbox marked paid without notifying', async () => {
    const order = await unpaidOrder('PAYME');
    expect(order).toMatchObject({ status: 'unpaid', checkAttempts: 0 });
    expect(order.nextCheckAt).not.toBeNull();
    await gw.control.pay(order.outTradeNo);
    expect(gw.sandbox.notifications(order.outTradeNo)).toEqual([]);

    // Not due yet: the pass leaves it alone.
    const early = await reconcileOnce({ db, now: new Date(order.nextCheckAt!.getTime() - 1_000) });
    expect(early.orders.checked).toBe(0);
    expect((await orderRow(db, order.id)).status).toBe('unpaid');

    const pass = await reconcileOnce({ db, now: later(2 * MINUTE) });
    expect(pass.orders).toMatchObject({ checked: 1, settled: 1, errors: 0 });
    const after = await orderRow(db, order.id);
    expect(after).toMatchObject({
      status: 'paid',
      gatewayStatus: 'TRADE_SUCCESS',
      nextCheckAt: null,
      checkAttempts: 1,
    });
    const [audit] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.orderId, order.id), eq(auditLog.action, 'order.reconciled')));
    expect(audit).toMatchObject({ actorKind: 'system', before: { status: 'unpaid' }, after: { status: 'paid' } });
  });

  it('keeps asking about an unpaid order with a growing interval, and closes it once eftPay expired it', async () => {
    const order = await unpaidOrder('ALIPAYCN');
    const first = await reconcileOnce({ db, now: later(2 * MINUTE) });
    expect(first.orders).toMatchObject({ checked: 1, settled: 0 });
    const still = await orderRow(db, order.id);
    expect(still).toMatchObject({ status: 'unpaid', checkAttempts: 1 });
    const firstGap = still.nextCheckAt!.getTime() - (Date.now() + 2 * MINUTE);

    await reconcileOnce({ db, now: new Date(still.nextCheckAt!.getTime() + 1) });
    const again = await orderRow(db, order.id);
    expect(again.checkAttempts).toBe(2);
    expect(again.nextCheckAt!.getTime() - still.nextCheckAt!.getTime()).toBeGreaterThan(firstGap);

    // The customer walked away: eftPay's expiry (30 min in this sandbox) closes the QR order.
    await gw.control.backdate(order.outTradeNo, new Date(Date.now() - 2 * 60 * MINUTE));
    await reconcileOnce({ db, now: new Date(again.nextCheckAt!.getTime() + 1) });
    expect(await orderRow(db, order.id)).toMatchObject({
      status: 'closed',
      gatewayStatus: 'TRADE_CLOSED',
      nextCheckAt: null,
    });
  });

  it('settles a refund left TRADE_PROCESSING once eftPay reports the result', async () => {
    const order = await paidOrder('ALIPAYHK', 8_000);
    await gw.control.fault({
      match: { outTradeNo: order.outTradeNo, path: 'AppTradeRefund.do' },
      fault: 'processing-then-result',
      times: 1,
    });
    const created = await createRefund({ ctx: { db, actor: manager }, input: refundInput(order.id, '30.00') });
    expect(created.status).toBe('processing');

    const first = await reconcileOnce({ db, now: later(MINUTE) });
    expect(first.refunds).toMatchObject({ checked: 1, settled: 0 });
    const pending = await refundRow(db, created.refundId);
    expect(pending).toMatchObject({ status: 'processing', gatewayStatus: 'TRADE_PROCESSING' });

    const second = await reconcileOnce({ db, now: new Date(pending.nextCheckAt!.getTime() + 1) });
    expect(second.refunds).toMatchObject({ checked: 1, settled: 1 });
    const settled = await refundRow(db, created.refundId);
    const atSandbox = await sandboxRefund(order.outTradeNo, created.refundNo);
    expect(atSandbox?.status).toBe('TRADE_REFUND');
    expect(settled).toMatchObject({ status: 'succeeded', gatewayStatus: atSandbox?.status, nextCheckAt: null });
    expect(await orderRow(db, order.id)).toMatchObject({ status: 'partly_refunded', refundedCents: 3_000 });
    const [audit] = await db
      .select()
      .from(auditLog)
      .where(
        and(
          eq(auditLog.entityId, created.refundId),
          eq(auditLog.action, 'refund.reconciled'),
          eq(auditLog.actorKind, 'system'),
        ),
      )
      .orderBy(auditLog.id);
    expect(audit).toBeDefined();
  });

  it("settles a refund whose answer was lost (timeout) to the sandbox's state", async () => {
    const order = await paidOrder('UNIONPAY', 5_000);
    await gw.control.fault({
      match: { outTradeNo: order.outTradeNo, service: 'service.unionpay.qrcode.csb.Refund' },
      fault: 'timeout',
      delayMs: 3_000,
    });
    const created = await createRefund({ ctx: { db, actor: manager }, input: refundInput(order.id, '50.00') });
    expect(created.status).toBe('unknown');
    // The money stays reserved while the outcome is unknown.
    expect(refundableCents(5_000, await refundTotals(db, order.id))).toBe(0);
    // eftPay did act: the refund exists there.
    expect((await sandboxRefund(order.outTradeNo, created.refundNo))?.status).toBe('TRADE_CLOSED');

    const pass = await reconcileOnce({ db, now: later(MINUTE) });
    expect(pass.refunds).toMatchObject({ checked: 1, settled: 1 });
    expect(await refundRow(db, created.refundId)).toMatchObject({ status: 'succeeded', gatewayStatus: 'TRADE_CLOSED' });
    expect(await orderRow(db, order.id)).toMatchObject({ status: 'fully_refunded', refundedCents: 5_000 });
  });

  it('fails a refund eftPay never received once the grace period has passed, releasing the money', async () => {
    const order = await paidOrder('ALIPAYHK', 6_000);
    // A crash between reserving the refund and calling eftPay leaves it `requested`.
    const requestedAt = new Date(Date.now() - 10_000);
    const [crashed] = await db
      .insert(refunds)
      .values({
        orderId: order.id,
        refundNo: newRefundNumber(requestedAt),
        idempotencyKey: crypto.randomUUID(),
        amountCents: 2_500,
        reason: 'customer_request',
        status: 'requested',
        requestedBy: manager.staffId,
        requestedAt,
        nextCheckAt: new Date(requestedAt.getTime() + 15_000),
      })
      .returning();
    expect(refundableCents(6_000, await refundTotals(db, order.id))).toBe(3_500);

    // Within the grace period eftPay's "not found" is not believed: the call may still be on its way.
    const early = await reconcileOnce({ db, now: new Date(requestedAt.getTime() + 60_000) });
    expect(early.refunds).toMatchObject({ checked: 1, settled: 0 });
    const waiting = await refundRow(db, crashed!.id);
    expect(waiting).toMatchObject({ status: 'requested', checkAttempts: 1 });

    const pass = await reconcileOnce({
      db,
      now: new Date(Math.max(waiting.nextCheckAt!.getTime(), requestedAt.getTime() + 3 * MINUTE)),
    });
    expect(pass.refunds).toMatchObject({ checked: 1, settled: 1, notAtEftpay: 1 });
    expect(await refundRow(db, crashed!.id)).toMatchObject({
      status: 'failed',
      gatewayMessage: msg('errors.refund.not_at_eftpay'),
      nextCheckAt: null,
    });
    expect(refundableCents(6_000, await refundTotals(db, order.id))).toBe(6_000);
    expect((await orderRow(db, order.id)).status).toBe('paid');
  });

  it('settles a `requested` refund that eftPay did receive before the crash', async () => {
    const order = await paidOrder('ALIPAYHK', 4_000);
    const refundNo = newRefundNumber();
    const [crashed] = await db
      .insert(refunds)
      .values({
        orderId: order.id,
        refundNo,
        idempotencyKey: crypto.randomUUID(),
        amountCents: 1_000,
        reason: 'returned_goods',
        status: 'requested',
        requestedBy: manager.staffId,
        requestedAt: new Date(Date.now() - 5 * MINUTE),
        nextCheckAt: new Date(Date.now() - MINUTE),
      })
      .returning();
    // The call went out and eftPay refunded, but the process died before recording the answer.
    const sent = await gateway(db).refund({
      wallet: 'ALIPAYHK',
      outTradeNo: order.outTradeNo,
      refundNo,
      amountCents: 1_000,
    });
    expect(sent).toMatchObject({ kind: 'accepted', tradeStatus: 'TRADE_REFUND' });
    expect((await refundRow(db, crashed!.id)).status).toBe('requested');

    const pass = await reconcileOnce({ db });
    expect(pass.refunds).toMatchObject({ checked: 1, settled: 1, notAtEftpay: 0 });
    expect(await refundRow(db, crashed!.id)).toMatchObject({ status: 'succeeded', gatewayStatus: 'TRADE_REFUND' });
    expect(await orderRow(db, order.id)).toMatchObject({ status: 'partly_refunded', refundedCents: 1_000 });
  });

  it('checks each due row once when two passes run at the same time (claim with SKIP LOCKED)', async () => {
    const due = await Promise.all([
      unpaidOrder('ALIPAYHK'),
      unpaidOrder('WECHATCN'),
      unpaidOrder('ATOME'),
      unpaidOrder('UNIONPAY'),
    ]);
    const ids = due.map((o) => o.id);
    const numbers = due.map((o) => o.outTradeNo);
    const now = later(5 * MINUTE);
    const [a, b] = await Promise.all([reconcileOnce({ db, now, limit: 3 }), reconcileOnce({ db, now, limit: 3 })]);
    expect(a.orders.checked + b.orders.checked).toBe(4);
    const queries = await db
      .select()
      .from(gatewayCalls)
      .where(and(eq(gatewayCalls.api, 'query-order'), inArray(gatewayCalls.outTradeNo, numbers)));
    // One Query per order by Find at eftPay, one by the passes together.
    expect(queries).toHaveLength(8);
    const rows = await db.select().from(orders).where(inArray(orders.id, ids));
    expect(rows.every((r) => r.checkAttempts === 1)).toBe(true);
  });
});
