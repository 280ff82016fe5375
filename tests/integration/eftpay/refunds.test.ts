// Sections (§) refer to docs/eftpay-gateway.md.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EftpayUnsupportedOperationError } from '@/lib/eftpay/errors';
import { parseNotification } from '@/lib/eftpay/notifications';
import type { Wallet } from '@/lib/shared/wallets';
import { startReceiver } from '../../support/http-stub';
import { uniqueNo } from '../../support/unique';
import { waitUntil } from '../../support/wait';
import { SECRET, startGateway, USER_CONFIRM_KEY } from './helpers';

let gw: Awaited<ReturnType<typeof startGateway>>;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  gw = await startGateway();
  receiver = await startReceiver();
});
afterAll(async () => {
  await gw.sandbox.close();
  await receiver.close();
});

/** A paid order of `amountCents` (no payment notification). */
async function paidOrder(wallet: Wallet, amountCents = 1000, payWith?: Wallet) {
  const outTradeNo = uniqueNo();
  const created = await gw.client.preOrder({ wallet, outTradeNo, amountCents, subject: 'x', notifyUrl: receiver.url });
  if (created.kind !== 'accepted') throw new Error('preorder failed');
  await gw.control.pay(outTradeNo, { notify: false, wallet: payWith });
  return { outTradeNo, eftpayTradeNo: created.data.eftpayTradeNo };
}

async function lastRequest(outTradeNo: string, path: string) {
  return (await gw.control.requests({ outTradeNo, path })).at(-1)?.body;
}

describe('Alipay refunds through AppTradeRefund.do (§5.1, §12 #9)', () => {
  it('sends the §5.1 field set and gets a synchronous partial refund (TRADE_REFUND)', async () => {
    const { outTradeNo, eftpayTradeNo } = await paidOrder('ALIPAYHK', 1000);
    const refundNo = `${outTradeNo}R1`.slice(0, 28);
    const outcome = await gw.client.refund({
      wallet: 'ALIPAYHK',
      outTradeNo,
      eftpayTradeNo,
      refundNo,
      amountCents: 300,
      reason: '退款原因',
    });
    expect(outcome).toEqual({
      kind: 'accepted',
      tradeStatus: 'TRADE_REFUND',
      data: {
        outTradeNo,
        refundNo,
        eftpayTradeNo,
        amountCents: 300,
        originalAmountCents: 1000,
        refundTime: expect.any(Date),
      },
    });
    expect(await lastRequest(outTradeNo, 'AppTradeRefund.do')).toEqual({
      user_confirm_key: USER_CONFIRM_KEY,
      return_amount: '3.00',
      out_trade_no: outTradeNo,
      eft_trade_no: eftpayTradeNo,
      out_refund_no: refundNo,
      buyerType: 'others',
      reason: '退款原因',
      time: expect.stringMatching(/^\d{14}$/),
      sign: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('answers TRADE_CLOSED when refunds reach the paid amount, and rejects anything beyond (05)', async () => {
    const { outTradeNo } = await paidOrder('ALIPAYCN', 1000);
    const first = await gw.client.refund({
      wallet: 'ALIPAYCN',
      outTradeNo,
      refundNo: `${outTradeNo}a`,
      amountCents: 400,
    });
    const rest = await gw.client.refund({
      wallet: 'ALIPAYCN',
      outTradeNo,
      refundNo: `${outTradeNo}b`,
      amountCents: 600,
    });
    const over = await gw.client.refund({ wallet: 'ALIPAYCN', outTradeNo, refundNo: `${outTradeNo}c`, amountCents: 1 });
    expect(first).toMatchObject({ kind: 'accepted', tradeStatus: 'TRADE_REFUND' });
    expect(rest).toMatchObject({ kind: 'accepted', tradeStatus: 'TRADE_CLOSED' });
    expect(over).toMatchObject({ kind: 'rejected', returnStatus: '05' });
  });

  it('rejects a single refund larger than the sale (05)', async () => {
    const { outTradeNo } = await paidOrder('ALIPAYHK', 500);
    const outcome = await gw.client.refund({
      wallet: 'ALIPAYHK',
      outTradeNo,
      refundNo: `${outTradeNo}R`,
      amountCents: 501,
    });
    expect(outcome).toMatchObject({ kind: 'rejected', returnStatus: '05' });
  });

  it('treats the same refund_no and amount as the same refund (idempotent retry, §12 #10)', async () => {
    const { outTradeNo } = await paidOrder('ALIPAYHK', 1000);
    const input = { wallet: 'ALIPAYHK' as const, outTradeNo, refundNo: `${outTradeNo}R`, amountCents: 250 };
    const first = await gw.client.refund(input);
    const again = await gw.client.refund(input);
    expect(again).toEqual(first);
    const order = await gw.control.order(outTradeNo);
    expect(order?.refunds).toHaveLength(1);
    const otherAmount = await gw.client.refund({ ...input, amountCents: 251 });
    expect(otherAmount).toMatchObject({ kind: 'rejected', returnStatus: '04' });
  });

  it('refuses to refund an unpaid order', async () => {
    const outTradeNo = uniqueNo();
    await gw.client.preOrder({ wallet: 'ALIPAYHK', outTradeNo, amountCents: 100, subject: 'x' });
    const outcome = await gw.client.refund({
      wallet: 'ALIPAYHK',
      outTradeNo,
      refundNo: `${outTradeNo}R`,
      amountCents: 100,
    });
    expect(outcome.kind).toBe('rejected');
  });
});

describe('WeChat refunds through AppTradeApplyRefund.do (§5.1, §5.3)', () => {
  it('answers APPLY_SUCCESS, then notifies the final status to notify_url; Query agrees', async () => {
    const { outTradeNo } = await paidOrder('WECHATHK', 800, 'WECHATCN');
    const refundNo = `${outTradeNo}W`;
    const before = receiver.received.length;
    const outcome = await gw.client.refund({
      wallet: 'WECHATCN',
      outTradeNo,
      refundNo,
      amountCents: 800,
      notifyUrl: receiver.url,
    });
    expect(outcome).toMatchObject({
      kind: 'accepted',
      tradeStatus: 'APPLY_SUCCESS',
      data: { refundNo, amountCents: 800 },
    });
    expect(await lastRequest(outTradeNo, 'AppTradeApplyRefund.do')).toMatchObject({
      notify_url: receiver.url,
      buyerType: 'others',
      out_refund_no: refundNo,
      return_amount: '8.00',
    });

    await receiver.waitFor(before + 1);
    const delivered = receiver.received[before];
    expect(delivered?.contentType).toMatch(/application\/json/);
    const parsed = parseNotification(delivered?.body, SECRET);
    expect(parsed).toMatchObject({
      kind: 'refund',
      outTradeNo,
      refundNo,
      amountCents: 800,
      originalAmountCents: 800,
      wallet: 'WECHATCN',
      tradeStatus: 'TRADE_CLOSED',
    });
    expect(delivered?.body).toMatchObject({ trade_type: 'REFUND', notify_type: 'trade_status_sync' });

    const queried = await gw.client.queryRefund({ wallet: 'WECHATCN', outTradeNo, refundNo });
    expect(queried).toMatchObject({
      kind: 'accepted',
      tradeStatus: 'TRADE_CLOSED',
      data: { refundNo, amountCents: 800, originalAmountCents: 800 },
    });
  });

  it('reports APPLY_SUCCESS on Query while the refund is pending', async () => {
    const slow = await startGateway({ applyRefundNotifyDelayMs: 60_000 });
    try {
      const outTradeNo = uniqueNo();
      await slow.client.preOrder({ wallet: 'WECHATHK', outTradeNo, amountCents: 100, subject: 'x' });
      await slow.control.pay(outTradeNo, { notify: false });
      await slow.client.refund({ wallet: 'WECHATHK', outTradeNo, refundNo: `${outTradeNo}R`, amountCents: 50 });
      const queried = await slow.client.queryRefund({ wallet: 'WECHATHK', outTradeNo, refundNo: `${outTradeNo}R` });
      expect(queried).toMatchObject({ kind: 'accepted', tradeStatus: 'APPLY_SUCCESS' });
    } finally {
      await slow.sandbox.close();
    }
  });
});

describe('QR-scene refunds on JSAPIService.do (§4.4) for the other wallets', () => {
  it.each([
    ['ATOME', 'service.atome.v1.qrcode.Refund', 'ATOME'],
    ['UNIONPAY', 'service.unionpay.qrcode.csb.Refund', 'UnionPay'],
    ['GBPAY', 'api.service.gbpay.qrcode.cash.Refund', 'GBPAY'],
    ['PAYME', 'service.payme.qrcode.Refund', 'PAYME'],
  ] as const)('refunds %s with %s', async (wallet, service, paytype) => {
    const { outTradeNo } = await paidOrder(wallet, 900);
    const refundNo = `${outTradeNo}Q`;
    const outcome = await gw.client.refund({ wallet, outTradeNo, refundNo, amountCents: 900, reason: 'kept locally' });
    expect(outcome).toMatchObject({
      kind: 'accepted',
      tradeStatus: 'TRADE_CLOSED',
      data: { refundNo, amountCents: 900, originalAmountCents: 900 },
    });
    expect(await lastRequest(outTradeNo, 'JSAPIService.do')).toEqual({
      service,
      user_confirm_key: USER_CONFIRM_KEY,
      transaction_amount: '9.00',
      out_trade_no: outTradeNo,
      refund_no: refundNo,
      paytype,
      buyertype: 'others',
      payment_type: wallet,
      time: expect.stringMatching(/^\d{14}$/),
      sign: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('reports a partial QR refund as TRADE_REFUND, also on Query', async () => {
    const { outTradeNo } = await paidOrder('ATOME', 1000);
    const refundNo = `${outTradeNo}P`;
    expect(await gw.client.refund({ wallet: 'ATOME', outTradeNo, refundNo, amountCents: 1 })).toMatchObject({
      tradeStatus: 'TRADE_REFUND',
    });
    expect(await gw.client.queryRefund({ wallet: 'ATOME', outTradeNo, refundNo })).toMatchObject({
      kind: 'accepted',
      tradeStatus: 'TRADE_REFUND',
      data: { amountCents: 1, originalAmountCents: 1000 },
    });
  });

  it('rejects a refund query for an unknown refund number with 03', async () => {
    const { outTradeNo } = await paidOrder('ATOME', 1000);
    expect(await gw.client.queryRefund({ wallet: 'ATOME', outTradeNo, refundNo: 'NOPE' })).toMatchObject({
      kind: 'rejected',
      returnStatus: '03',
    });
  });

  it('refuses an FPS refund before calling the gateway', async () => {
    const { outTradeNo } = await paidOrder('FPS', 100);
    const before = gw.records.length;
    await expect(
      gw.client.refund({ wallet: 'FPS', outTradeNo, refundNo: `${outTradeNo}F`, amountCents: 100 }),
    ).rejects.toBeInstanceOf(EftpayUnsupportedOperationError);
    expect(gw.records.length).toBe(before);
  });

  it('applies one refund even when retried concurrently with the same refund_no', async () => {
    const { outTradeNo } = await paidOrder('UNIONPAY', 1000);
    const input = { wallet: 'UNIONPAY' as const, outTradeNo, refundNo: `${outTradeNo}C`, amountCents: 600 };
    const results = await Promise.all([gw.client.refund(input), gw.client.refund(input), gw.client.refund(input)]);
    expect(results.every((r) => r.kind === 'accepted')).toBe(true);
    await waitUntil(async () => (await gw.control.order(outTradeNo))?.refunds.length === 1);
  });
});
