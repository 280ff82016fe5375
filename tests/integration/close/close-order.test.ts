import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orders } from '@/db/schema';
import { closeOrder } from '@/lib/close/close-order';
import { createEftpayClient } from '@/lib/eftpay/client';
import { orderRow } from '../../support/fixtures';
import { waitUntil } from '../../support/wait';
import {
  closeCallsLogged,
  closeRequestsReceived,
  openCloseTestbed,
  SECRET,
  type Testbed,
  timeline,
  unpaidOrder,
  USER_CONFIRM_KEY,
} from './helpers';

let tb: Testbed;
beforeAll(async () => {
  tb = await openCloseTestbed();
});
afterAll(() => tb.close());

const REASON = 'Customer walked away without paying';
const close = (orderId: string, actor = tb.supervisor) =>
  closeOrder({ ctx: { db: tb.db, actor }, input: { orderId, reason: REASON } });

describe('closeOrder — each wallet family with its own Close service (docs/eftpay-gateway.md §4.0, §4.3)', () => {
  const cases = [
    { wallet: 'ALIPAYHK', service: 'service.alipay.qrcode.Close', paytype: 'Alipay' },
    { wallet: 'ALIPAYCN', service: 'service.alipay.qrcode.Close', paytype: 'Alipay' },
    { wallet: 'WECHATCN', service: 'service.wechat.qrcode.Close', paytype: 'WeChat' },
    { wallet: 'ATOME', service: 'service.atome.v1.qrcode.Close', paytype: 'ATOME' },
    { wallet: 'UNIONPAY', service: 'service.unionpay.qrcode.csb.Close', paytype: 'UnionPay' },
  ] as const;

  for (const { wallet, service, paytype } of cases) {
    it(`closes an abandoned ${wallet} order with ${service} / ${paytype} / ${wallet}`, async () => {
      const order = await unpaidOrder(tb, { wallet, tid: tb.store.tids[0]! });

      const outcome = await close(order.orderId);

      expect(outcome).toEqual({ orderId: order.orderId, outTradeNo: order.outTradeNo, result: 'closed' });
      const [request, ...more] = await closeRequestsReceived(tb, order.outTradeNo);
      expect(more).toHaveLength(0);
      expect(request).toMatchObject({
        service,
        paytype,
        payment_type: wallet,
        out_trade_no: order.outTradeNo,
        user_confirm_key: USER_CONFIRM_KEY,
        buyertype: 'others',
      });
      expect(request!.sign).toMatch(/^[0-9a-f]{64}$/);
      expect(request).not.toHaveProperty('reason');
      expect((await tb.control.order(order.outTradeNo))?.status).toBe('closed');
      const row = await orderRow(tb.db, order.orderId);
      expect(row).toMatchObject({ status: 'closed', gatewayStatus: 'TRADE_CLOSED', nextCheckAt: null });
      expect(row.closedAt).toBeInstanceOf(Date);
    });
  }

  it('asks eftPay first (Query), then Close, and logs both calls', async () => {
    const order = await unpaidOrder(tb, { wallet: 'WECHATCN', tid: tb.store.tids[0]! });
    const before = await tb.control.requests({ outTradeNo: order.outTradeNo });

    await close(order.orderId);

    const after = await tb.control.requests({ outTradeNo: order.outTradeNo });
    const services = after.slice(before.length).map((r) => (r.body as Record<string, string>).service);
    expect(services).toEqual(['service.wechat.qrcode.Query', 'service.wechat.qrcode.Close']);
    expect(await closeCallsLogged(tb.db, order.outTradeNo)).toHaveLength(1);
  });
});

describe('closeOrder — what eftPay says first decides', () => {
  it('marks an order paid, not closed, when the customer paid after it was listed (no Close sent)', async () => {
    const order = await unpaidOrder(tb, { wallet: 'ALIPAYHK', tid: tb.store.tids[0]! });
    expect((await orderRow(tb.db, order.orderId)).status).toBe('unpaid');
    await tb.control.pay(order.outTradeNo, { notify: false });

    const outcome = await close(order.orderId);

    expect(outcome).toEqual({
      orderId: order.orderId,
      outTradeNo: order.outTradeNo,
      result: 'already_paid',
      status: 'paid',
    });
    expect(await closeRequestsReceived(tb, order.outTradeNo)).toHaveLength(0);
    expect((await tb.control.order(order.outTradeNo))?.status).toBe('paid');
    const row = await orderRow(tb.db, order.orderId);
    expect(row).toMatchObject({ status: 'paid', gatewayStatus: 'TRADE_SUCCESS', closedAt: null });
    expect(row.paidAt).toBeInstanceOf(Date);
    const marked = (await timeline(tb.db, order.orderId)).find((r) => r.action === 'order.marked_paid');
    expect(marked).toMatchObject({ actorStaffId: tb.supervisor.staffId, data: { reason: REASON } });
  });

  it('treats a Close answered TRADE_SUCCESS as paid (the customer paid between our Query and our Close)', async () => {
    const order = await unpaidOrder(tb, { wallet: 'WECHATCN', tid: tb.store.tids[0]! });
    // The customer pays while our Close is on its way: the sandbox answers the Query with a
    // delay, and the payment lands meanwhile.
    await tb.control.fault({
      match: { outTradeNo: order.outTradeNo, service: 'service.wechat.qrcode.Query' },
      fault: 'timeout',
      delayMs: 300,
    });
    const queriesBefore = (await tb.control.requests({ outTradeNo: order.outTradeNo })).length;
    const closing = close(order.orderId);
    await waitUntil(async () => (await tb.control.requests({ outTradeNo: order.outTradeNo })).length > queriesBefore);
    await tb.control.pay(order.outTradeNo, { notify: false });

    const outcome = await closing;

    expect(outcome).toMatchObject({ result: 'already_paid', status: 'paid' });
    const [request] = await closeRequestsReceived(tb, order.outTradeNo);
    expect(request?.service).toBe('service.wechat.qrcode.Close');
    const [logged] = await closeCallsLogged(tb.db, order.outTradeNo);
    expect(logged).toMatchObject({ outcome: 'accepted', detail: 'TRADE_SUCCESS' });
    expect((await orderRow(tb.db, order.orderId)).status).toBe('paid');
    expect((await tb.control.order(order.outTradeNo))?.status).toBe('paid');
  });

  it('records an order eftPay already closed as closed, without sending a Close', async () => {
    const order = await unpaidOrder(tb, { wallet: 'ATOME', tid: tb.store.tids[0]! });
    // Closed at eftPay by something else (the POS, or the QR's own expiry, docs/eftpay-gateway.md §12 #18).
    const pos = createEftpayClient({ baseUrl: tb.sandbox.url, userConfirmKey: USER_CONFIRM_KEY, secretCode: SECRET });
    await pos.close({ wallet: 'ATOME', outTradeNo: order.outTradeNo });
    const sentBefore = (await closeRequestsReceived(tb, order.outTradeNo)).length;

    const outcome = await close(order.orderId);

    expect(outcome).toEqual({ orderId: order.orderId, outTradeNo: order.outTradeNo, result: 'closed' });
    expect(await closeRequestsReceived(tb, order.outTradeNo)).toHaveLength(sentBefore);
    expect((await orderRow(tb.db, order.orderId)).status).toBe('closed');
  });

  it('confirms with a Query when the Close answer is not conclusive (TRADE_PROCESSING)', async () => {
    const order = await unpaidOrder(tb, { wallet: 'UNIONPAY', tid: tb.store.tids[0]! });
    await tb.control.fault({
      match: { outTradeNo: order.outTradeNo, service: 'service.unionpay.qrcode.csb.Close' },
      fault: 'processing-then-result',
      delayMs: 0,
    });
    const before = (await tb.control.requests({ outTradeNo: order.outTradeNo })).length;

    const outcome = await close(order.orderId);

    expect(outcome.result).toBe('closed');
    const services = (await tb.control.requests({ outTradeNo: order.outTradeNo }))
      .slice(before)
      .map((r) => (r.body as Record<string, string>).service);
    expect(services).toEqual([
      'service.unionpay.qrcode.csb.Query',
      'service.unionpay.qrcode.csb.Close',
      'service.unionpay.qrcode.csb.Query',
    ]);
  });

  it('leaves the order unpaid for the reconciler when even the confirming Query still says pending', async () => {
    const order = await unpaidOrder(tb, { wallet: 'ALIPAYHK', tid: tb.store.tids[0]! });
    await tb.control.fault({
      match: { outTradeNo: order.outTradeNo, service: 'service.alipay.qrcode.Close' },
      fault: 'processing-then-result',
      times: 1,
    });

    const outcome = await close(order.orderId);

    expect(outcome).toMatchObject({ result: 'unknown', reason: 'still_pending' });
    const row = await orderRow(tb.db, order.orderId);
    expect(row.status).toBe('unpaid');
    expect(row.nextCheckAt!.getTime()).toBeLessThanOrEqual(Date.now() + 60_000);
  });
});

describe('closeOrder — cannot close', () => {
  for (const wallet of ['PAYME', 'FPS', 'GBPAY'] as const) {
    it(`refuses a ${wallet} order (no Close service) without calling eftPay`, async () => {
      const order = await unpaidOrder(tb, { wallet, tid: tb.store.tids[0]! });
      const before = (await tb.control.requests({ outTradeNo: order.outTradeNo })).length;

      const outcome = await close(order.orderId);

      expect(outcome).toMatchObject({ result: 'cannot_close', why: 'no_close_service', wallet });
      expect(await tb.control.requests({ outTradeNo: order.outTradeNo })).toHaveLength(before);
      expect((await orderRow(tb.db, order.orderId)).status).toBe('unpaid');
    });
  }

  it('refuses an order younger than CLOSE_MIN_AGE_MINUTES (15), and closes it once it is old enough', async () => {
    const order = await unpaidOrder(tb, { wallet: 'ALIPAYHK', tid: tb.store.tids[0]!, ageMinutes: 14 });
    expect(await close(order.orderId)).toMatchObject({ result: 'cannot_close', why: 'too_young' });
    expect(await tb.control.requests({ outTradeNo: order.outTradeNo })).toHaveLength(2); // PreOrder + Find's Query
    expect((await orderRow(tb.db, order.orderId)).status).toBe('unpaid');

    await tb.db
      .update(orders)
      .set({ createdAt: new Date(Date.now() - 15 * 60_000 - 1_000) })
      .where(eq(orders.id, order.orderId));
    expect(await close(order.orderId)).toMatchObject({ result: 'closed' });
  });

  it('refuses an order that is no longer unpaid in our records (paid) without calling eftPay', async () => {
    const order = await unpaidOrder(tb, { wallet: 'ALIPAYHK', tid: tb.store.tids[0]! });
    await tb.db.update(orders).set({ status: 'paid' }).where(eq(orders.id, order.orderId));
    const before = (await tb.control.requests({ outTradeNo: order.outTradeNo })).length;

    expect(await close(order.orderId)).toMatchObject({ result: 'cannot_close', why: 'not_unpaid', status: 'paid' });
    expect(await tb.control.requests({ outTradeNo: order.outTradeNo })).toHaveLength(before);
  });

  it('reports an order eftPay says failed as not unpaid', async () => {
    const order = await unpaidOrder(tb, { wallet: 'ALIPAYHK', tid: tb.store.tids[0]! });
    await tb.control.pay(order.outTradeNo, { notify: false, outcome: 'failed' });

    expect(await close(order.orderId)).toMatchObject({ result: 'cannot_close', why: 'not_unpaid', status: 'failed' });
    expect(await closeRequestsReceived(tb, order.outTradeNo)).toHaveLength(0);
    expect((await orderRow(tb.db, order.orderId)).status).toBe('failed');
  });

  it('answers not_found for another store’s order, and for an id that does not exist, without calling eftPay', async () => {
    const theirs = await unpaidOrder(tb, { wallet: 'ALIPAYHK', tid: tb.otherStore.tids[0]! });
    const before = (await tb.control.requests({ outTradeNo: theirs.outTradeNo })).length;

    expect(await close(theirs.orderId)).toEqual({
      orderId: theirs.orderId,
      outTradeNo: null,
      result: 'cannot_close',
      why: 'not_found',
    });
    expect(await close('00000000-0000-4000-8000-000000000000')).toMatchObject({ why: 'not_found' });
    expect(await tb.control.requests({ outTradeNo: theirs.outTradeNo })).toHaveLength(before);
    expect((await orderRow(tb.db, theirs.orderId)).status).toBe('unpaid');
    // Nothing about the attempt lands on the other store's order timeline.
    expect((await timeline(tb.db, theirs.orderId)).map((r) => r.action)).toEqual(['order.found_at_eftpay']);
  });
});

describe('closeOrder — failed (a signed refusal from eftPay)', () => {
  it('reports eftPay’s own words when it refuses the Close, and leaves the order unpaid', async () => {
    const order = await unpaidOrder(tb, { wallet: 'ALIPAYHK', tid: tb.store.tids[0]! });
    // apply: false — the gateway answers a signed "99, not processed".
    await tb.control.fault({
      match: { outTradeNo: order.outTradeNo, service: 'service.alipay.qrcode.Close' },
      fault: 'processing-then-result',
      apply: false,
    });

    const outcome = await close(order.orderId);

    expect(outcome).toEqual({
      orderId: order.orderId,
      outTradeNo: order.outTradeNo,
      result: 'failed',
      returnStatus: '99',
      message: 'system busy, request not processed',
    });
    expect((await orderRow(tb.db, order.orderId)).status).toBe('unpaid');
    expect((await tb.control.order(order.outTradeNo))?.status).toBe('unpaid');
    const failed = (await timeline(tb.db, order.orderId)).find((r) => r.action === 'order.close_failed');
    expect(failed).toMatchObject({
      actorStaffId: tb.supervisor.staffId,
      data: { reason: REASON, returnStatus: '99', stage: 'close' },
    });
  });

  it('fails without a Close when eftPay does not know the order (signed "not found" to the Query)', async () => {
    const [ghost] = await tb.db
      .insert(orders)
      .values({
        outTradeNo: `GHOST${Date.now().toString(36)}`,
        wallet: 'WECHATCN',
        amountCents: 990,
        status: 'unpaid',
        storeId: tb.store.id,
        createdAt: new Date(Date.now() - 60 * 60_000),
      })
      .returning();

    const outcome = await close(ghost!.id);

    expect(outcome).toMatchObject({ result: 'failed', returnStatus: '03' });
    expect(await closeRequestsReceived(tb, ghost!.outTradeNo)).toHaveLength(0);
    expect((await orderRow(tb.db, ghost!.id)).status).toBe('unpaid');
  });
});
