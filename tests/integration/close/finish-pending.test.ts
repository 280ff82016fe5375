import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orders } from '@/db/schema';
import { claimForClose } from '@/lib/close/claim';
import { closeOrder } from '@/lib/close/close-order';
import type { FaultMode } from '@/lib/eftpay/sandbox/control-schemas';
import { callLeaseMs } from '@/lib/jobs/lease';
import { reconcileOnce } from '@/lib/jobs/reconcile';
import { orderRow } from '../../support/fixtures';
import { uniqueNo } from '../../support/unique';
import {
  CLIENT_TIMEOUT_MS,
  closeRequestsReceived,
  openCloseTestbed,
  runReconciler,
  type Testbed,
  timeline,
  unpaidOrder,
} from './helpers';

/**
 * A supervisor's close that eftPay never answered conclusively is carried out by the reconciler
 * (docs/adr/0008-recovery-after-a-crash.md): Query, then Close if still unpaid, the outcome on the
 * order's timeline as the automatic check's, with the supervisor's reason.
 */

let tb: Testbed;
beforeAll(async () => {
  tb = await openCloseTestbed();
});
afterAll(() => tb.close());

const REASON = 'Customer left without paying';
const close = (orderId: string) =>
  closeOrder({ ctx: { db: tb.db, actor: tb.supervisor }, input: { orderId, reason: REASON } });
const actions = async (orderId: string) => (await timeline(tb.db, orderId)).map((row) => row.action);
const finishedRow = async (orderId: string) =>
  (await timeline(tb.db, orderId)).find((row) => row.action === 'order.close_finished');

const FIRST_QUERY_FAULTS: ReadonlyArray<{ fault: FaultMode; delayMs?: number; reason: string }> = [
  { fault: 'timeout', delayMs: CLIENT_TIMEOUT_MS + 1_000, reason: 'timeout' },
  { fault: 'http-500', reason: 'http-status' },
  { fault: 'garbled', reason: 'unparsable' },
  { fault: 'bad-signature', reason: 'bad-signature' },
];

describe('a close whose first Query failed', () => {
  for (const { fault, delayMs, reason } of FIRST_QUERY_FAULTS) {
    it(`${fault}: the reconciler queries, closes, and the timeline says the close was carried out`, async () => {
      const order = await unpaidOrder(tb, { wallet: 'ALIPAYHK', tid: tb.store.tids[0]! });
      await tb.control.fault({
        match: { outTradeNo: order.outTradeNo, service: 'service.alipay.qrcode.Query' },
        fault,
        ...(delayMs === undefined ? {} : { delayMs }),
      });

      expect(await close(order.orderId)).toMatchObject({ result: 'unknown', reason });
      expect(await closeRequestsReceived(tb, order.outTradeNo)).toHaveLength(0);
      const pending = await orderRow(tb.db, order.orderId);
      expect(pending).toMatchObject({ status: 'unpaid', closeReason: REASON, closeRequestedBy: tb.supervisor.staffId });
      expect(pending.closeRequestedAt).not.toBeNull();
      expect(pending.nextCheckAt!.getTime()).toBeLessThanOrEqual(Date.now() + 60_000);

      const pass = await runReconciler(tb.db);
      expect(pass.orders.errors).toBe(0);
      expect(await closeRequestsReceived(tb, order.outTradeNo)).toHaveLength(1);
      expect((await tb.control.order(order.outTradeNo))?.status).toBe('closed');
      expect(await orderRow(tb.db, order.orderId)).toMatchObject({
        status: 'closed',
        gatewayStatus: 'TRADE_CLOSED',
        nextCheckAt: null,
        closeRequestedAt: null,
        closeRequestedBy: null,
        closeReason: null,
      });
      expect(await actions(order.orderId)).toEqual([
        'order.found_at_eftpay',
        'order.close_attempted',
        'order.close_unknown',
        'order.close_finished',
      ]);
      expect(await finishedRow(order.orderId)).toMatchObject({
        actorKind: 'system',
        actorStaffId: null,
        before: { status: 'unpaid' },
        after: { status: 'closed' },
        data: {
          reason: REASON,
          requestedBy: tb.supervisor.staffId,
          outcome: 'closed',
          stage: 'close',
          closeSent: true,
        },
      });

      // Carried out once: later passes neither Close again nor add to the timeline.
      await runReconciler(tb.db, 60);
      expect(await closeRequestsReceived(tb, order.outTradeNo)).toHaveLength(1);
      expect(await actions(order.orderId)).toHaveLength(4);
    });
  }

  it('the customer paid meanwhile: paid, not closed, and no Close is sent', async () => {
    const order = await unpaidOrder(tb, { wallet: 'WECHATCN', tid: tb.store.tids[0]! });
    await tb.control.fault({
      match: { outTradeNo: order.outTradeNo, service: 'service.wechat.qrcode.Query' },
      fault: 'http-500',
    });
    expect(await close(order.orderId)).toMatchObject({ result: 'unknown' });
    await tb.control.pay(order.outTradeNo, { notify: false });

    await runReconciler(tb.db);
    expect(await closeRequestsReceived(tb, order.outTradeNo)).toHaveLength(0);
    expect(await orderRow(tb.db, order.orderId)).toMatchObject({ status: 'paid', closeRequestedAt: null });
    expect(await finishedRow(order.orderId)).toMatchObject({
      data: { outcome: 'paid', stage: 'query', closeSent: false, reason: REASON },
      after: { status: 'paid' },
    });
  });

  it('eftPay refuses when the reconciler asks: truthfully not closed, and not tried again', async () => {
    // An order eftPay does not know: its signed answer is "not found" (03), a refusal.
    const order = await unpaidOrder(tb, { wallet: 'UNIONPAY', tid: tb.store.tids[0]! });
    const unknownNo = uniqueNo('C');
    await tb.db.update(orders).set({ outTradeNo: unknownNo }).where(eq(orders.id, order.orderId));
    await tb.control.fault({ match: { outTradeNo: unknownNo }, fault: 'garbled' });
    expect(await close(order.orderId)).toMatchObject({ result: 'unknown', reason: 'unparsable' });

    await runReconciler(tb.db);
    expect(await orderRow(tb.db, order.orderId)).toMatchObject({ status: 'unpaid', closeRequestedAt: null });
    expect(await finishedRow(order.orderId)).toMatchObject({
      data: { outcome: 'refused', stage: 'query', returnStatus: '03', closeSent: false },
    });
    await runReconciler(tb.db, 60);
    expect((await actions(order.orderId)).filter((a) => a === 'order.close_finished')).toHaveLength(1);
  });

  it('no answer again: the close stays pending, nothing is recorded, and it is tried again within two minutes', async () => {
    const order = await unpaidOrder(tb, { wallet: 'ALIPAYHK', tid: tb.store.tids[0]! });
    const query = { outTradeNo: order.outTradeNo, service: 'service.alipay.qrcode.Query' };
    await tb.control.fault({ match: query, fault: 'bad-signature', times: 2 });
    expect(await close(order.orderId)).toMatchObject({ result: 'unknown' });

    const now = new Date(Date.now() + 2 * 60_000);
    await reconcileOnce({ db: tb.db, now });
    const still = await orderRow(tb.db, order.orderId);
    expect(still).toMatchObject({ status: 'unpaid', closeReason: REASON });
    expect(still.nextCheckAt!.getTime()).toBeLessThanOrEqual(now.getTime() + 2 * 60_000);
    expect(await actions(order.orderId)).not.toContain('order.close_finished');

    await reconcileOnce({ db: tb.db, now: new Date(still.nextCheckAt!.getTime() + 1) });
    expect(await orderRow(tb.db, order.orderId)).toMatchObject({ status: 'closed', closeRequestedAt: null });
    expect(await finishedRow(order.orderId)).toMatchObject({ data: { outcome: 'closed' } });
  });

  it('the console died after claiming the close: once its claim runs out, the reconciler closes the order', async () => {
    const order = await unpaidOrder(tb, { wallet: 'ATOME', tid: tb.store.tids[0]! });
    const now = new Date();
    const leaseMs = callLeaseMs();
    // Only the claim: the process that made it never asked eftPay.
    const claim = await claimForClose(tb.db, tb.supervisor, {
      orderId: order.orderId,
      reason: REASON,
      now,
      minAgeMinutes: 15,
      leaseMs,
    });
    expect(claim.kind).toBe('claimed');
    expect((await orderRow(tb.db, order.orderId)).nextCheckAt).toEqual(new Date(now.getTime() + leaseMs));

    // While the claim lasts, no pass takes the order (its call could still be on its way).
    await reconcileOnce({ db: tb.db, now: new Date(now.getTime() + leaseMs - 1) });
    expect(await orderRow(tb.db, order.orderId)).toMatchObject({ status: 'unpaid', checkAttempts: 0 });
    await reconcileOnce({ db: tb.db, now: new Date(now.getTime() + leaseMs) });
    expect(await orderRow(tb.db, order.orderId)).toMatchObject({ status: 'closed', closeRequestedAt: null });
    expect(await actions(order.orderId)).toEqual([
      'order.found_at_eftpay',
      'order.close_attempted',
      'order.close_finished',
    ]);
  });

  it('a close in progress renews its claim before each further call, so no pass takes the order meanwhile', async () => {
    const order = await unpaidOrder(tb, { wallet: 'ALIPAYHK', tid: tb.store.tids[0]! });
    const service = (name: string) => ({ outTradeNo: order.outTradeNo, service: `service.alipay.qrcode.${name}` });
    // Slow answers, but in time: the first Query takes 0.8 s, the Close 0.8 s.
    const slowMs = 800;
    await tb.control.fault({ match: service('Query'), fault: 'timeout', delayMs: slowMs });
    await tb.control.fault({ match: service('Close'), fault: 'timeout', delayMs: slowMs });
    const leaseMs = callLeaseMs();
    const closing = close(order.orderId);
    await new Promise<void>((resolve, reject) => {
      const poll = async () => {
        if ((await closeRequestsReceived(tb, order.outTradeNo)).length > 0) return resolve();
        setTimeout(() => poll().catch(reject), 10);
      };
      poll().catch(reject);
    });
    const sentAt = Date.now();
    // The claim made before the first Query ran out at least 0.8 s before sentAt + lease; the
    // renewed one lasts until about then. A pass in between must not take the order.
    const between = new Date(sentAt + leaseMs - slowMs + 200);
    expect((await orderRow(tb.db, order.orderId)).nextCheckAt!.getTime()).toBeGreaterThan(between.getTime());
    await reconcileOnce({ db: tb.db, now: between });
    expect(await closing).toMatchObject({ result: 'closed' });
    expect(await closeRequestsReceived(tb, order.outTradeNo)).toHaveLength(1);
    expect((await orderRow(tb.db, order.orderId)).checkAttempts).toBe(0);
    expect(await actions(order.orderId)).toEqual(['order.found_at_eftpay', 'order.close_attempted', 'order.closed']);
  });
});
