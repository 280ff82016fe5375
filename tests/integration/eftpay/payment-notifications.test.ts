// Sections (§) refer to docs/eftpay-gateway.md.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseNotification } from '@/lib/eftpay/notifications';
import { verify } from '@/lib/eftpay/sign';
import type { Wallet } from '@/lib/shared/wallets';
import { startReceiver } from '../../support/http-stub';
import { uniqueNo } from '../../support/unique';
import { waitUntil } from '../../support/wait';
import { SECRET, startGateway } from './helpers';

let gw: Awaited<ReturnType<typeof startGateway>>;

beforeAll(async () => {
  gw = await startGateway({ notifyRetryDelaysMs: [20, 40], maxNotifyAttempts: 4 });
});
afterAll(async () => {
  await gw.sandbox.close();
});

type Receiver = Awaited<ReturnType<typeof startReceiver>>;

/** An unpaid order of HKD 1.00 whose notifications go to `receiver`. */
async function orderNotifying(receiver: Receiver, wallet: Wallet = 'ALIPAYHK', prefix = 'T'): Promise<string> {
  const outTradeNo = uniqueNo(prefix);
  await gw.client.preOrder({ wallet, outTradeNo, amountCents: 100, subject: 'x', notifyUrl: receiver.url });
  return outTradeNo;
}

/**
 * A notifying payment after the one under test, to the same receiver: once its notification has
 * arrived, the receiver has shown it gets what the sandbox sends from that point on.
 */
async function controlDelivery(receiver: Receiver): Promise<string> {
  const outTradeNo = await orderNotifying(receiver, 'ALIPAYHK', 'CTL');
  await gw.control.pay(outTradeNo);
  await receiver.waitFor(1);
  return outTradeNo;
}

const tradeNosOf = (receiver: Receiver) =>
  receiver.received.map((r) => (r.body as { out_trade_no?: string }).out_trade_no);

describe('payment notifications (§4.5)', () => {
  it('POSTs a signed QR payment notification with the §4.5 fields', async () => {
    const receiver = await startReceiver();
    try {
      const outTradeNo = uniqueNo();
      await gw.client.preOrder({
        wallet: 'UNIONPAY',
        outTradeNo,
        amountCents: 2550,
        subject: '测试123',
        tid: 'till-9',
        notifyUrl: receiver.url,
      });
      await gw.control.pay(outTradeNo, { paidAt: '2024-05-01T01:02:03Z', transactionId: 'TX9', buyerId: 'B9' });
      await receiver.waitFor(1);
      const body = receiver.received[0]?.body;
      expect(body).toMatchObject({
        trade_type: 'SALE',
        total_fee: '25.50',
        gmt_payment: '2024-05-01 09:02:03',
        payment_type: 'UNIONPAY',
        tid: 'till-9',
        transaction_id: 'TX9',
        subject: '测试123',
        payment_amount: '25.50',
      });
      expect(body).not.toHaveProperty('notify_type');
      expect(verify(body as Record<string, unknown>, SECRET).ok).toBe(true);
      expect(parseNotification(body, SECRET)).toMatchObject({
        kind: 'payment',
        outTradeNo,
        wallet: 'UNIONPAY',
        amountCents: 2550,
        tradeStatus: 'TRADE_SUCCESS',
        paidAt: new Date('2024-05-01T01:02:03Z'),
      });
      await waitUntil(async () => (await gw.control.notifications(outTradeNo))[0]?.delivered === true);
    } finally {
      await receiver.close();
    }
  });

  it('reports the wallet actually paid with for a merged WeChat order', async () => {
    const receiver = await startReceiver();
    try {
      const outTradeNo = uniqueNo();
      await gw.client.preOrder({
        wallet: 'WECHATHK',
        outTradeNo,
        amountCents: 100,
        subject: 'x',
        notifyUrl: receiver.url,
      });
      await gw.control.pay(outTradeNo, { wallet: 'WECHATCN' });
      await receiver.waitFor(1);
      expect(parseNotification(receiver.received[0]?.body, SECRET)).toMatchObject({
        kind: 'payment',
        wallet: 'WECHATCN',
      });
      await expect(gw.control.pay(uniqueNo('NOPE'))).rejects.toThrow(/not found/);
    } finally {
      await receiver.close();
    }
  });

  it('retries until the reply is success, accepting a plain-text SUCCESS', async () => {
    const receiver = await startReceiver((n) =>
      n === 1
        ? { status: 500, text: 'oops' }
        : n === 2
          ? { status: 200, text: '{"return_code":"false"}' }
          : { status: 200, text: ' SUCCESS\n' },
    );
    try {
      const outTradeNo = await orderNotifying(receiver);
      await gw.control.pay(outTradeNo);
      await receiver.waitFor(3);
      await waitUntil(async () => (await gw.control.notifications(outTradeNo))[0]?.delivered === true);
      const [entry] = await gw.control.notifications(outTradeNo);
      expect(entry?.attempts.map((a) => a.ok)).toEqual([false, false, true]);
      // The same signed body every time.
      expect(receiver.received[2]?.body).toEqual(receiver.received[0]?.body);
      // Delivered: the outbox has no further attempt due, so the success reply was the last one sent.
      expect(entry).toMatchObject({ delivered: true, gaveUp: false });
      expect(entry?.nextAttemptAt).toBeUndefined();
      expect(receiver.received).toHaveLength(3);
    } finally {
      await receiver.close();
    }
  });

  it('gives up after maxNotifyAttempts', async () => {
    const receiver = await startReceiver(() => ({ status: 200, text: 'nope' }));
    try {
      const outTradeNo = await orderNotifying(receiver);
      await gw.control.pay(outTradeNo);
      await waitUntil(async () => (await gw.control.notifications(outTradeNo))[0]?.gaveUp === true);
      expect(receiver.received).toHaveLength(4);
    } finally {
      await receiver.close();
    }
  });

  it.each(['PAYME', 'FPS'] as const)('sends nothing for %s (poll Query instead)', async (wallet) => {
    const receiver = await startReceiver();
    try {
      const outTradeNo = await orderNotifying(receiver, wallet);
      await gw.control.pay(outTradeNo);
      // A notification is queued in the outbox by the pay call itself, before it answers.
      expect(await gw.control.notifications(outTradeNo)).toEqual([]);
      const control = await controlDelivery(receiver);
      expect(tradeNosOf(receiver)).toEqual([control]);
      expect(await gw.client.queryOrder({ wallet, outTradeNo })).toMatchObject({ tradeStatus: 'TRADE_SUCCESS' });
    } finally {
      await receiver.close();
    }
  });

  it('sends nothing when the control call says notify: false', async () => {
    const receiver = await startReceiver();
    try {
      const outTradeNo = await orderNotifying(receiver);
      await gw.control.pay(outTradeNo, { notify: false });
      expect((await gw.control.order(outTradeNo))?.status).toBe('paid');
      // A notification is queued in the outbox by the pay call itself, before it answers.
      expect(await gw.control.notifications(outTradeNo)).toEqual([]);
      const control = await controlDelivery(receiver);
      expect(tradeNosOf(receiver)).toEqual([control]);
    } finally {
      await receiver.close();
    }
  });

  it('simulates a failed payment as TRADE_FAIL', async () => {
    const outTradeNo = uniqueNo();
    await gw.client.preOrder({ wallet: 'ATOME', outTradeNo, amountCents: 100, subject: 'x' });
    await gw.control.pay(outTradeNo, { outcome: 'failed' });
    expect(await gw.client.queryOrder({ wallet: 'ATOME', outTradeNo })).toMatchObject({ tradeStatus: 'TRADE_FAIL' });
  });

  it('resets to an empty state', async () => {
    const local = await startGateway();
    try {
      const outTradeNo = uniqueNo();
      await local.client.preOrder({ wallet: 'ATOME', outTradeNo, amountCents: 100, subject: 'x' });
      await local.control.reset();
      expect(await local.control.order(outTradeNo)).toBeNull();
      expect(await local.control.requests()).toEqual([]);
      expect(await local.control.health()).toBe(true);
    } finally {
      await local.sandbox.close();
    }
  });
});
