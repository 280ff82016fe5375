import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeOrder } from '@/lib/close/close-order';
import type { FaultMode } from '@/lib/eftpay/sandbox/control-schemas';
import { orderRow } from '../../support/fixtures';
import {
  CLIENT_TIMEOUT_MS,
  closeCallsLogged,
  closeRequestsReceived,
  openCloseTestbed,
  runReconciler,
  type Testbed,
  timeline,
  unpaidOrder,
} from './helpers';

let tb: Testbed;
beforeAll(async () => {
  tb = await openCloseTestbed();
});
afterAll(() => tb.close());

const REASON = 'QR abandoned at the counter';
const close = (orderId: string) =>
  closeOrder({ ctx: { db: tb.db, actor: tb.supervisor }, input: { orderId, reason: REASON } });

/** The timeout fault holds the answer longer than the client waits. */
const FAULTS: ReadonlyArray<{ fault: FaultMode; delayMs?: number; logged: string }> = [
  { fault: 'timeout', delayMs: CLIENT_TIMEOUT_MS + 1_000, logged: 'timeout' },
  { fault: 'http-500', logged: 'http-status' },
  { fault: 'garbled', logged: 'unparsable' },
  { fault: 'bad-signature', logged: 'bad-signature' },
];

describe('an untrustworthy Close answer ends unknown, and the reconciler settles it', () => {
  for (const { fault, delayMs, logged } of FAULTS) {
    it(`${fault}: the order stays unpaid, is due for a check soon, and is then recorded as eftPay holds it (closed)`, async () => {
      const order = await unpaidOrder(tb, { wallet: 'ALIPAYHK', tid: tb.store.tids[0]! });
      await tb.control.fault({
        match: { outTradeNo: order.outTradeNo, service: 'service.alipay.qrcode.Close' },
        fault,
        ...(delayMs === undefined ? {} : { delayMs }),
      });

      const started = Date.now();
      const outcome = await close(order.orderId);

      expect(outcome).toEqual({
        orderId: order.orderId,
        outTradeNo: order.outTradeNo,
        result: 'unknown',
        reason: logged,
      });
      // The Close was sent once and never repeated; the answer was not believed.
      expect(await closeRequestsReceived(tb, order.outTradeNo)).toHaveLength(1);
      expect((await closeCallsLogged(tb.db, order.outTradeNo))[0]).toMatchObject({
        outcome: 'unknown',
        detail: logged,
      });
      const row = await orderRow(tb.db, order.orderId);
      expect(row.status).toBe('unpaid');
      expect(row.closedAt).toBeNull();
      expect(row.nextCheckAt).not.toBeNull();
      expect(row.nextCheckAt!.getTime()).toBeGreaterThanOrEqual(started);
      expect(row.nextCheckAt!.getTime()).toBeLessThanOrEqual(Date.now() + 60_000);
      const unknown = (await timeline(tb.db, order.orderId)).find((r) => r.action === 'order.close_unknown');
      expect(unknown).toMatchObject({
        actorStaffId: tb.supervisor.staffId,
        data: { reason: REASON, stage: 'close', unknownReason: logged, closeSent: true },
      });

      // The sandbox did close it (the worst case: it acted, only the answer was lost).
      expect((await tb.control.order(order.outTradeNo))?.status).toBe('closed');
      // Due within a minute: the next reconciler pass (run here as if two minutes later) settles it.
      const pass = await runReconciler(tb.db);
      expect(pass.orders.checked).toBeGreaterThanOrEqual(1);
      const settled = await orderRow(tb.db, order.orderId);
      expect(settled).toMatchObject({ status: 'closed', gatewayStatus: 'TRADE_CLOSED', nextCheckAt: null });
    });
  }

  it('http-500 that eftPay did not act on: unknown, then the reconciler carries the close out (eftPay confirms it)', async () => {
    const order = await unpaidOrder(tb, { wallet: 'WECHATCN', tid: tb.store.tids[0]! });
    await tb.control.fault({
      match: { outTradeNo: order.outTradeNo, service: 'service.wechat.qrcode.Close' },
      fault: 'http-500',
      apply: false,
    });

    expect(await close(order.orderId)).toMatchObject({ result: 'unknown', reason: 'http-status' });
    expect((await tb.control.order(order.outTradeNo))?.status).toBe('unpaid');
    await runReconciler(tb.db);
    // Nothing invented: the reconciler's own Query still found it unpaid, so it sent the Close again,
    // and only eftPay's signed TRADE_CLOSED made it closed.
    expect(await closeRequestsReceived(tb, order.outTradeNo)).toHaveLength(2);
    expect((await tb.control.order(order.outTradeNo))?.status).toBe('closed');
    expect(await orderRow(tb.db, order.orderId)).toMatchObject({
      status: 'closed',
      closeRequestedAt: null,
      nextCheckAt: null,
    });
    const finished = (await timeline(tb.db, order.orderId)).find((r) => r.action === 'order.close_finished');
    expect(finished).toMatchObject({
      actorKind: 'system',
      data: { reason: REASON, requestedBy: tb.supervisor.staffId, outcome: 'closed', stage: 'close' },
    });
    // A second request by the supervisor now is harmless: nothing is sent.
    expect(await close(order.orderId)).toMatchObject({ result: 'cannot_close', why: 'not_unpaid' });
    expect(await closeRequestsReceived(tb, order.outTradeNo)).toHaveLength(2);
  });

  it('a fault on the first Query: unknown, and no Close is sent at all', async () => {
    const order = await unpaidOrder(tb, { wallet: 'ATOME', tid: tb.store.tids[0]! });
    await tb.control.fault({
      match: { outTradeNo: order.outTradeNo, service: 'service.atome.v1.qrcode.Query' },
      fault: 'bad-signature',
    });

    expect(await close(order.orderId)).toMatchObject({ result: 'unknown', reason: 'bad-signature' });
    expect(await closeRequestsReceived(tb, order.outTradeNo)).toHaveLength(0);
    const row = await orderRow(tb.db, order.orderId);
    expect(row.status).toBe('unpaid');
    expect(row.nextCheckAt).not.toBeNull();
  });

  it('an unknown Close that the customer had in fact beaten is settled as paid', async () => {
    const order = await unpaidOrder(tb, { wallet: 'UNIONPAY', tid: tb.store.tids[0]! });
    await tb.control.fault({
      match: { outTradeNo: order.outTradeNo, service: 'service.unionpay.qrcode.csb.Close' },
      fault: 'garbled',
      apply: false,
    });
    expect(await close(order.orderId)).toMatchObject({ result: 'unknown' });
    await tb.control.pay(order.outTradeNo, { notify: false });

    await runReconciler(tb.db);
    expect((await orderRow(tb.db, order.orderId)).status).toBe('paid');
  });
});
