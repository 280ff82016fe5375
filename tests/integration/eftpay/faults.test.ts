import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEftpayClient } from '@/lib/eftpay/client';
import { parseNotification } from '@/lib/eftpay/notifications';
import type { GatewayCallRecord } from '@/lib/eftpay/types';
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

async function paidAlipayOrder(amountCents = 1000) {
  const outTradeNo = uniqueNo();
  await gw.client.preOrder({ wallet: 'ALIPAYHK', outTradeNo, amountCents, subject: 'x', notifyUrl: receiver.url });
  await gw.control.pay(outTradeNo, { notify: false });
  return outTradeNo;
}

describe('fault: timeout (the gateway acts, the answer comes too late)', () => {
  it('is unknown/timeout for a client with a 300 ms timeout, and the refund did happen', async () => {
    const records: GatewayCallRecord[] = [];
    const impatient = createEftpayClient({
      baseUrl: gw.sandbox.url,
      userConfirmKey: USER_CONFIRM_KEY,
      secretCode: SECRET,
      timeoutMs: 300,
      onCall: (record) => {
        records.push(record);
      },
    });
    const outTradeNo = await paidAlipayOrder();
    const refundNo = `${outTradeNo}T`;
    await gw.control.fault({ match: { path: 'AppTradeRefund.do', refundNo }, fault: 'timeout', delayMs: 2_000 });
    const outcome = await impatient.refund({ wallet: 'ALIPAYHK', outTradeNo, refundNo, amountCents: 100 });
    expect(outcome).toEqual({ kind: 'unknown', reason: 'timeout' });
    expect(records[0]).toMatchObject({ outcome: 'unknown', detail: 'timeout', response: null });
    expect(records[0]?.latencyMs).toBeGreaterThanOrEqual(250);
    // docs/eftpay-gateway.md §12 #12: resolve by Query, never by guessing.
    const queried = await gw.client.queryRefund({ wallet: 'ALIPAYHK', outTradeNo, refundNo });
    expect(queried).toMatchObject({ kind: 'accepted', tradeStatus: 'TRADE_REFUND' });
  });

  it('with apply: false changes nothing', async () => {
    const impatient = createEftpayClient({
      baseUrl: gw.sandbox.url,
      userConfirmKey: USER_CONFIRM_KEY,
      secretCode: SECRET,
      timeoutMs: 300,
    });
    const outTradeNo = await paidAlipayOrder();
    const refundNo = `${outTradeNo}N`;
    await gw.control.fault({ match: { refundNo }, fault: 'timeout', apply: false, delayMs: 2_000 });
    expect(await impatient.refund({ wallet: 'ALIPAYHK', outTradeNo, refundNo, amountCents: 100 })).toMatchObject({
      reason: 'timeout',
    });
    expect((await gw.control.order(outTradeNo))?.refunds).toEqual([]);
  });
});

describe('fault: http-500 / garbled / bad-signature', () => {
  it('http-500 is unknown/http-status and the operation still took effect', async () => {
    const outTradeNo = uniqueNo();
    await gw.client.preOrder({ wallet: 'WECHATHK', outTradeNo, amountCents: 100, subject: 'x' });
    await gw.control.fault({ match: { outTradeNo, service: 'service.wechat.qrcode.Close' }, fault: 'http-500' });
    const outcome = await gw.client.close({ wallet: 'WECHATHK', outTradeNo });
    expect(outcome).toEqual({ kind: 'unknown', reason: 'http-status' });
    expect(gw.records.at(-1)).toMatchObject({ httpStatus: 500, outcome: 'unknown', response: 'Internal Server Error' });
    expect((await gw.control.order(outTradeNo))?.status).toBe('closed');
  });

  it('garbled is unknown/unparsable and the raw text is recorded', async () => {
    const outTradeNo = await paidAlipayOrder();
    await gw.control.fault({ match: { outTradeNo, service: 'service.alipay.qrcode.Query' }, fault: 'garbled' });
    expect(await gw.client.queryOrder({ wallet: 'ALIPAYHK', outTradeNo })).toEqual({
      kind: 'unknown',
      reason: 'unparsable',
    });
    const record = gw.records.at(-1);
    expect(typeof record?.response).toBe('string');
    expect(String(record?.response)).toMatch(/^\{"/);
  });

  it('bad-signature is unknown/bad-signature even though the body says 00', async () => {
    const outTradeNo = await paidAlipayOrder();
    await gw.control.fault({ match: { outTradeNo }, fault: 'bad-signature' });
    expect(await gw.client.queryOrder({ wallet: 'ALIPAYHK', outTradeNo })).toEqual({
      kind: 'unknown',
      reason: 'bad-signature',
    });
    expect(gw.records.at(-1)?.response).toMatchObject({ return_status: '00', trade_status: 'TRADE_SUCCESS' });
  });

  it('times: N hits the next N matching calls only', async () => {
    const outTradeNo = await paidAlipayOrder();
    await gw.control.fault({ match: { outTradeNo }, fault: 'http-500', times: 2 });
    const kinds = [];
    for (let i = 0; i < 3; i += 1) kinds.push((await gw.client.queryOrder({ wallet: 'ALIPAYHK', outTradeNo })).kind);
    expect(kinds).toEqual(['unknown', 'unknown', 'accepted']);
  });
});

describe('fault: processing-then-result', () => {
  it('answers TRADE_PROCESSING, keeps Query at TRADE_PROCESSING for `times` queries, then the real result', async () => {
    const outTradeNo = await paidAlipayOrder(1000);
    const refundNo = `${outTradeNo}P`;
    await gw.control.fault({
      match: { refundNo, path: 'AppTradeRefund.do' },
      fault: 'processing-then-result',
      times: 2,
    });
    const refund = await gw.client.refund({ wallet: 'ALIPAYHK', outTradeNo, refundNo, amountCents: 1000 });
    expect(refund).toMatchObject({ kind: 'accepted', tradeStatus: 'TRADE_PROCESSING' });
    const statuses = [];
    for (let i = 0; i < 3; i += 1) {
      const queried = await gw.client.queryRefund({ wallet: 'ALIPAYHK', outTradeNo, refundNo });
      statuses.push(queried.kind === 'accepted' ? queried.tradeStatus : queried.kind);
    }
    expect(statuses).toEqual(['TRADE_PROCESSING', 'TRADE_PROCESSING', 'TRADE_CLOSED']);
  });

  it('with delayMs keeps TRADE_PROCESSING for that long instead', async () => {
    const outTradeNo = await paidAlipayOrder(1000);
    const refundNo = `${outTradeNo}D`;
    await gw.control.fault({ match: { refundNo }, fault: 'processing-then-result', delayMs: 150 });
    const sent = Date.now();
    await gw.client.refund({ wallet: 'ALIPAYHK', outTradeNo, refundNo, amountCents: 10 });
    const status = async () => {
      const queried = await gw.client.queryRefund({ wallet: 'ALIPAYHK', outTradeNo, refundNo });
      return queried.kind === 'accepted' ? queried.tradeStatus : queried.kind;
    };
    expect(await status()).toBe('TRADE_PROCESSING');
    await waitUntil(async () => (await status()) !== 'TRADE_PROCESSING', 5_000, 'the refund leaving TRADE_PROCESSING');
    expect(Date.now() - sent).toBeGreaterThanOrEqual(150);
    expect(await status()).toBe('TRADE_REFUND');
  });
});

describe('fault: apply-success-then-notification', () => {
  it('turns a synchronous Alipay refund into APPLY_SUCCESS + a signed refund notification to the order notify_url', async () => {
    const outTradeNo = await paidAlipayOrder(1000);
    const refundNo = `${outTradeNo}A`;
    const before = receiver.received.length;
    await gw.control.fault({ match: { refundNo }, fault: 'apply-success-then-notification', delayMs: 50 });
    const outcome = await gw.client.refund({ wallet: 'ALIPAYHK', outTradeNo, refundNo, amountCents: 400 });
    expect(outcome).toMatchObject({ kind: 'accepted', tradeStatus: 'APPLY_SUCCESS' });
    await receiver.waitFor(before + 1);
    expect(parseNotification(receiver.received[before]?.body, SECRET)).toMatchObject({
      kind: 'refund',
      outTradeNo,
      refundNo,
      amountCents: 400,
      tradeStatus: 'TRADE_REFUND',
    });
    expect(await gw.client.queryRefund({ wallet: 'ALIPAYHK', outTradeNo, refundNo })).toMatchObject({
      tradeStatus: 'TRADE_REFUND',
    });
  });

  it('works for a QR refund as well', async () => {
    const outTradeNo = uniqueNo();
    await gw.client.preOrder({ wallet: 'ATOME', outTradeNo, amountCents: 300, subject: 'x', notifyUrl: receiver.url });
    await gw.control.pay(outTradeNo, { notify: false });
    const refundNo = `${outTradeNo}Q`;
    const before = receiver.received.length;
    await gw.control.fault({ match: { refundNo }, fault: 'apply-success-then-notification', delayMs: 20 });
    expect(await gw.client.refund({ wallet: 'ATOME', outTradeNo, refundNo, amountCents: 300 })).toMatchObject({
      tradeStatus: 'APPLY_SUCCESS',
    });
    await receiver.waitFor(before + 1);
    expect(parseNotification(receiver.received[before]?.body, SECRET)).toMatchObject({
      kind: 'refund',
      refundNo,
      tradeStatus: 'TRADE_CLOSED',
    });
  });
});

describe('fault API validation', () => {
  it('refuses an unknown fault mode', async () => {
    const response = await fetch(`${gw.sandbox.origin}/sandbox/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ match: {}, fault: 'explode' }),
    });
    expect(response.status).toBe(400);
  });
});
