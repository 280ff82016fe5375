// Sections (§) refer to docs/eftpay-gateway.md.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEftpayClient } from '@/lib/eftpay/client';
import { EftpayUnsupportedOperationError } from '@/lib/eftpay/errors';
import { uniqueNo } from '../../support/unique';
import { startGateway, USER_CONFIRM_KEY } from './helpers';

let gw: Awaited<ReturnType<typeof startGateway>>;

beforeAll(async () => {
  gw = await startGateway();
});
afterAll(async () => {
  await gw.sandbox.close();
});

async function preOrder(wallet: Parameters<typeof gw.client.preOrder>[0]['wallet'], amountCents = 1234) {
  const outTradeNo = uniqueNo();
  const outcome = await gw.client.preOrder({ wallet, outTradeNo, amountCents, subject: '测试123', tid: 'till-1' });
  expect(outcome.kind).toBe('accepted');
  return outTradeNo;
}

describe('PreOrder and Query against the sandbox', () => {
  it('creates an unpaid order with a QR code and eftPay trade number', async () => {
    const outTradeNo = uniqueNo();
    const outcome = await gw.client.preOrder({ wallet: 'ALIPAYHK', outTradeNo, amountCents: 1230, subject: 'Tea' });
    expect(outcome).toMatchObject({ kind: 'accepted', data: { outTradeNo } });
    if (outcome.kind !== 'accepted') return;
    expect(outcome.data.qrCode).toMatch(/^https:\/\//);
    expect(outcome.data.eftpayTradeNo).toMatch(/^SBX/);
    expect(outcome.data.eftpayTradeNo?.length).toBeLessThanOrEqual(28);
  });

  it('rejects a reused out_trade_no with 04 (§12 #10)', async () => {
    const outTradeNo = await preOrder('ALIPAYHK');
    const again = await gw.client.preOrder({ wallet: 'ALIPAYHK', outTradeNo, amountCents: 1, subject: 'x' });
    expect(again).toMatchObject({ kind: 'rejected', returnStatus: '04' });
  });

  it('reports an unpaid order as TRADE_PROCESSING (§12 #14)', async () => {
    const outTradeNo = await preOrder('WECHATHK');
    const outcome = await gw.client.queryOrder({ wallet: 'WECHATHK', outTradeNo });
    expect(outcome).toMatchObject({
      kind: 'accepted',
      tradeStatus: 'TRADE_PROCESSING',
      data: { outTradeNo, amountCents: 1234 },
    });
  });

  it('reports a paid order with the wallet, amount and time in domain terms', async () => {
    const outTradeNo = await preOrder('WECHATHK');
    await gw.control.pay(outTradeNo, {
      wallet: 'WECHATCN',
      paidAt: '2024-03-01T02:00:00Z',
      transactionId: 'TX1',
      buyerId: 'B1',
      notify: false,
    });
    const outcome = await gw.client.queryOrder({ wallet: 'WECHATHK', outTradeNo });
    expect(outcome).toEqual({
      kind: 'accepted',
      tradeStatus: 'TRADE_SUCCESS',
      data: {
        outTradeNo,
        eftpayTradeNo: expect.stringMatching(/^SBX/),
        transactionId: 'TX1',
        // Merged WeChat wallet: the wallet actually paid with (§12 #17).
        wallet: 'WECHATCN',
        tid: 'till-1',
        amountCents: 1234,
        currency: 'HKD',
        tradeTime: new Date('2024-03-01T02:00:00Z'),
        buyerId: 'B1',
      },
    });
  });

  it('rejects a query for an unknown order with 03', async () => {
    const outcome = await gw.client.queryOrder({ wallet: 'ALIPAYHK', outTradeNo: uniqueNo('NOPE') });
    expect(outcome).toMatchObject({ kind: 'rejected', returnStatus: '03' });
  });

  it('answers an unpaid order older than the expiry as TRADE_CLOSED (§12 #18)', async () => {
    let now = new Date('2024-01-01T00:00:00Z');
    const local = await startGateway({ expiryMinutes: 30, now: () => now });
    try {
      const outTradeNo = uniqueNo();
      await local.client.preOrder({ wallet: 'ATOME', outTradeNo, amountCents: 500, subject: 'x' });
      now = new Date('2024-01-01T00:31:00Z');
      const outcome = await local.client.queryOrder({ wallet: 'ATOME', outTradeNo });
      expect(outcome).toMatchObject({ kind: 'accepted', tradeStatus: 'TRADE_CLOSED' });
    } finally {
      await local.sandbox.close();
    }
  });

  it('answers a client with the wrong secret with an unsigned 02, classified as rejected', async () => {
    const wrong = createEftpayClient({
      baseUrl: gw.sandbox.url,
      userConfirmKey: USER_CONFIRM_KEY,
      secretCode: 'wrong-secret',
    });
    const outcome = await wrong.queryOrder({ wallet: 'ALIPAYHK', outTradeNo: 'T1' });
    expect(outcome).toMatchObject({ kind: 'rejected', returnStatus: '02' });
    const [last] = (await gw.control.requests()).slice(-1);
    expect(last?.returnStatus).toBe('02');
  });
});

describe('Close (§4.3, §12 #13)', () => {
  it('closes an unpaid order: TRADE_CLOSED, and Query agrees', async () => {
    const outTradeNo = await preOrder('ALIPAYCN');
    expect(await gw.client.close({ wallet: 'ALIPAYCN', outTradeNo })).toMatchObject({
      kind: 'accepted',
      tradeStatus: 'TRADE_CLOSED',
    });
    expect(await gw.client.queryOrder({ wallet: 'ALIPAYCN', outTradeNo })).toMatchObject({
      tradeStatus: 'TRADE_CLOSED',
    });
    await expect(gw.control.pay(outTradeNo)).rejects.toThrow(/closed/);
  });

  it('answers 00 + TRADE_SUCCESS for a paid order and leaves it paid', async () => {
    const outTradeNo = await preOrder('UNIONPAY');
    await gw.control.pay(outTradeNo, { notify: false });
    expect(await gw.client.close({ wallet: 'UNIONPAY', outTradeNo })).toMatchObject({
      kind: 'accepted',
      tradeStatus: 'TRADE_SUCCESS',
    });
    expect((await gw.control.order(outTradeNo))?.status).toBe('paid');
  });

  it.each([
    ['ALIPAYHK', 'service.alipay.qrcode.Close', 'Alipay'],
    ['WECHATCN', 'service.wechat.qrcode.Close', 'WeChat'],
    ['ATOME', 'service.atome.v1.qrcode.Close', 'ATOME'],
    ['UNIONPAY', 'service.unionpay.qrcode.csb.Close', 'UnionPay'],
  ] as const)('sends %s Close with service %s and paytype %s', async (wallet, service, paytype) => {
    const outTradeNo = await preOrder(wallet);
    await gw.client.close({ wallet, outTradeNo });
    const requests = await gw.control.requests({ path: 'JSAPIService.do', outTradeNo });
    const close = requests.at(-1)?.body;
    expect(close).toEqual({
      service,
      user_confirm_key: USER_CONFIRM_KEY,
      out_trade_no: outTradeNo,
      paytype,
      buyertype: 'others',
      payment_type: wallet,
      time: expect.stringMatching(/^\d{14}$/),
      sign: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it.each(['GBPAY', 'PAYME', 'FPS'] as const)('refuses Close for %s before calling the gateway', async (wallet) => {
    const before = gw.records.length;
    await expect(gw.client.close({ wallet, outTradeNo: 'T1' })).rejects.toBeInstanceOf(EftpayUnsupportedOperationError);
    expect(gw.records.length).toBe(before);
  });

  it('has the sandbox refuse a Close service for a wallet without Close with 06', async () => {
    const outTradeNo = await preOrder('PAYME');
    const requests = await gw.control.requests({ outTradeNo });
    expect(requests).toHaveLength(1);
    // Hand-built request: the client would not send it.
    const { signParams } = await import('@/lib/eftpay/sign');
    const body = signParams(
      {
        service: 'service.payme.qrcode.Close',
        user_confirm_key: USER_CONFIRM_KEY,
        out_trade_no: outTradeNo,
        paytype: 'PAYME',
        buyertype: 'others',
        payment_type: 'PAYME',
        time: '20240101000000',
      },
      (await import('./helpers')).SECRET,
    );
    const response = await fetch(`${gw.sandbox.url}/Servlet/JSAPIService.do`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(await response.json()).toMatchObject({ return_status: '06' });
  });
});

describe('sandbox options', () => {
  it('can sign its answers with empty values included; the client accepts that reading too (§12 #1)', async () => {
    const local = await startGateway({ answerSigning: 'include-empty' });
    try {
      const outTradeNo = uniqueNo();
      const outcome = await local.client.preOrder({ wallet: 'ATOME', outTradeNo, amountCents: 100, subject: 'x' });
      expect(outcome.kind).toBe('accepted');
      expect(local.records[0]?.response).toMatchObject({ return_char: '' });
    } finally {
      await local.sandbox.close();
    }
  });

  it('rejects a request whose time is outside maxClockSkewMinutes with 01', async () => {
    const local = await startGateway({ maxClockSkewMinutes: 15 }, { now: () => new Date(Date.now() - 60 * 60_000) });
    try {
      const outcome = await local.client.preOrder({
        wallet: 'ATOME',
        outTradeNo: uniqueNo(),
        amountCents: 100,
        subject: 'x',
      });
      expect(outcome).toMatchObject({ kind: 'rejected', returnStatus: '01' });
    } finally {
      await local.sandbox.close();
    }
  });

  it('treats out_trade_no values like "constructor" as ordinary unknown orders', async () => {
    expect(await gw.client.queryOrder({ wallet: 'ATOME', outTradeNo: 'constructor' })).toMatchObject({
      kind: 'rejected',
      returnStatus: '03',
    });
    expect(
      await gw.client.preOrder({ wallet: 'ATOME', outTradeNo: '__proto__', amountCents: 1, subject: 'x' }),
    ).toMatchObject({
      kind: 'rejected',
      returnStatus: '01',
    });
  });
});
