import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/connect';
import { auditLog, orders, rejectedNotifications } from '@/db/schema';
import { gateway } from '@/lib/eftpay/gateway';
import { signParams, verify } from '@/lib/eftpay/sign';
import { createRefund } from '@/lib/refunds/create';
import { makeStaff, makeStore, refundInput } from '../../support/fixtures';
import { testDatabaseForFile } from '../../support/harness';
import { startReceiver } from '../../support/http-stub';
import { uniqueNo } from '../../support/unique';
import { waitUntil } from '../../support/wait';
import {
  notificationRows,
  orderByNo,
  postToRoute,
  preOrder,
  type RouteReply,
  SECRET,
  snapshot,
  startConsoleGateway,
} from './helpers';

const database = testDatabaseForFile();
let db: Db;
let gw: Awaited<ReturnType<typeof startConsoleGateway>>;
let tid: string;

beforeAll(async () => {
  db = database.db;
  gw = await startConsoleGateway();
  tid = (await makeStore(db)).tids[0]!;
});

afterAll(async () => {
  await gw.close();
});

/** Pays an order at the sandbox; its genuine, signed notification goes through our route. */
async function notifiedOrder(amountCents = 8_800) {
  const outTradeNo = await preOrder(db, { wallet: 'ALIPAYHK', amountCents, tid });
  await gw.control.pay(outTradeNo);
  await waitUntil(async () => (await orderByNo(db, outTradeNo)) !== undefined);
  const [sent] = gw.sandbox.notifications(outTradeNo);
  if (!sent) throw new Error('the sandbox sent no notification');
  return { outTradeNo, body: sent.body, order: (await orderByNo(db, outTradeNo))! };
}

function expectSignedReply(reply: RouteReply, code: 'success' | 'false', status: number) {
  expect(reply.status).toBe(status);
  expect(reply.body.return_code).toBe(code);
  expect(verify(reply.body, SECRET).ok).toBe(true);
}

async function lastNotification() {
  const rows = await notificationRows(db);
  return rows[rows.length - 1]!;
}

/** The last refused notification: bounded evidence, kept apart from the genuine ones. */
async function lastRejected() {
  const [row] = await db.select().from(rejectedNotifications).orderBy(desc(rejectedNotifications.id)).limit(1);
  return row!;
}

describe('eftPay notifications at the notify route', () => {
  it('applies a genuine payment notification and replies a signed success', async () => {
    const { outTradeNo, order } = await notifiedOrder();
    expect(order).toMatchObject({ status: 'paid', amountCents: 8_800, wallet: 'ALIPAYHK' });
    // The sandbox counts the delivery as done only on our signed success reply.
    await waitUntil(() => gw.sandbox.notifications(outTradeNo)[0]?.delivered === true);
    const reply = gw.replies[gw.replies.length - 1]!;
    expectSignedReply(reply, 'success', 200);
    expect(await lastNotification()).toMatchObject({
      kind: 'payment',
      result: 'applied',
      outTradeNo,
      orderId: order.id,
    });
  });

  it('changes nothing for a forged notification (wrong secret) and replies 401 false', async () => {
    const outTradeNo = await preOrder(db, { wallet: 'ALIPAYHK', amountCents: 5_000, tid });
    const forged = signParams(
      {
        trade_type: 'SALE',
        out_trade_no: outTradeNo,
        total_fee: '50.00',
        currency: 'HKD',
        trade_status: 'TRADE_SUCCESS',
        payment_type: 'ALIPAYHK',
        tid,
        time: '20250101120000',
      },
      'not-the-merchant-secret',
    );
    const before = await snapshot(db);
    const stored = (await notificationRows(db)).length;
    const reply = await postToRoute(forged);
    expectSignedReply(reply, 'false', 401);
    expect(await snapshot(db)).toEqual(before);
    expect(await orderByNo(db, outTradeNo)).toBeUndefined();
    expect(await lastRejected()).toMatchObject({ reason: 'bad_signature', outTradeNo });
    expect(await notificationRows(db)).toHaveLength(stored);
  });

  it('changes nothing for a genuine body with one field altered', async () => {
    const { body, order } = await notifiedOrder(1_000);
    const before = await snapshot(db);
    const reply = await postToRoute({ ...body, total_fee: '0.01' });
    expectSignedReply(reply, 'false', 401);
    expect(await snapshot(db)).toEqual(before);
    expect((await orderByNo(db, order.outTradeNo))?.amountCents).toBe(1_000);
    expect(await lastRejected()).toMatchObject({ reason: 'bad_signature', outTradeNo: order.outTradeNo });
  });

  it('changes nothing for a replay of the same genuine notification, and acknowledges it', async () => {
    const { body, outTradeNo } = await notifiedOrder();
    const before = await snapshot(db);
    const reply = await postToRoute(body);
    expectSignedReply(reply, 'success', 200);
    expect(await snapshot(db)).toEqual(before);
    expect(await lastNotification()).toMatchObject({ kind: 'payment', result: 'duplicate', outTradeNo });
  });

  it('changes nothing for a stale TRADE_SUCCESS replayed after the order was refunded', async () => {
    const { body, order } = await notifiedOrder(3_000);
    const admin = await makeStaff(db, 'admin');
    const refund = await createRefund({ ctx: { db, actor: admin }, input: refundInput(order.id, '30.00') });
    expect(refund.status).toBe('succeeded');
    expect((await orderByNo(db, order.outTradeNo))?.status).toBe('fully_refunded');

    const before = await snapshot(db);
    const reply = await postToRoute(body);
    expectSignedReply(reply, 'success', 200);
    expect(await snapshot(db)).toEqual(before);
    expect((await orderByNo(db, order.outTradeNo))?.status).toBe('fully_refunded');
    expect(await lastNotification()).toMatchObject({ result: 'duplicate', orderId: order.id });
  });

  it.each([
    ['not JSON', '{"out_trade_no": "X1", "trade_status": '],
    ['a JSON array', '[1, 2, 3]'],
    [
      'signed but without an amount',
      signParams(
        { out_trade_no: 'X2', trade_status: 'TRADE_SUCCESS', payment_type: 'ALIPAYHK', time: '20250101120000' },
        SECRET,
      ),
    ],
    [
      'signed with an unknown wallet',
      signParams(
        {
          out_trade_no: 'X3',
          trade_status: 'TRADE_SUCCESS',
          payment_type: 'BITCOIN',
          total_fee: '1.00',
          time: '20250101120000',
        },
        SECRET,
      ),
    ],
  ])('changes nothing for a malformed notification (%s) and replies 400 false', async (_label, body) => {
    const before = await snapshot(db);
    const stored = (await notificationRows(db)).length;
    const reply = await postToRoute(body);
    expectSignedReply(reply, 'false', 400);
    expect(await snapshot(db)).toEqual(before);
    expect(await lastRejected()).toMatchObject({ reason: 'malformed' });
    expect(await notificationRows(db)).toHaveLength(stored);
  });

  it('creates the order exactly once when one genuine notification arrives three times at once', async () => {
    // Capture the sandbox's genuine notification instead of letting it reach the console.
    const capture = await startReceiver();
    try {
      const outTradeNo = uniqueNo('TRI');
      const created = await gateway(db).preOrder({
        wallet: 'WECHATHK',
        outTradeNo,
        amountCents: 12_345,
        subject: 'x',
        tid,
        notifyUrl: capture.url,
      });
      expect(created.kind).toBe('accepted');
      await gw.control.pay(outTradeNo);
      await capture.waitFor(1);
      const body = capture.received[0]?.body;

      const replies = await Promise.all([postToRoute(body), postToRoute(body), postToRoute(body)]);
      for (const reply of replies) expectSignedReply(reply, 'success', 200);

      const rows = await db.select().from(orders).where(eq(orders.outTradeNo, outTradeNo));
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ status: 'paid', amountCents: 12_345 });
      const audit = await db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.orderId, rows[0]!.id), eq(auditLog.action, 'order.payment_notified')));
      expect(audit).toHaveLength(1);
      const recorded = (await notificationRows(db)).filter((n) => n.outTradeNo === outTradeNo);
      expect(recorded.map((n) => n.result).sort()).toEqual(['applied', 'duplicate', 'duplicate']);
    } finally {
      await capture.close();
    }
  });
});
