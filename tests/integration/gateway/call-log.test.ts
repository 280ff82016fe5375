import { desc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayCalls } from '@/db/schema';
import { gateway } from '@/lib/eftpay/gateway';
import type { Wallet } from '@/lib/shared/wallets';
import { createRefund } from '@/lib/refunds/create';
import type { Db } from '@/db/connect';
import { makeStaff, makeStore, refundInput } from '../../support/fixtures';
import { testDatabaseForFile } from '../../support/harness';
import { uniqueNo } from '../../support/unique';
import { waitUntil } from '../../support/wait';
import {
  callRows,
  ingestFromQuery,
  orderByNo,
  preOrder,
  SECRET,
  startConsoleGateway,
  USER_CONFIRM_KEY,
} from './helpers';
import { configureGateway } from '../../support/seams/gateway-config';

const database = testDatabaseForFile();
let db: Db;
let gw: Awaited<ReturnType<typeof startConsoleGateway>>;
let tid: string;

beforeAll(async () => {
  db = database.db;
  // A short client timeout, so the `timeout` fault is felt within the test.
  gw = await startConsoleGateway({ timeoutMs: 800 });
  tid = (await makeStore(db)).tids[0]!;
});

afterAll(async () => {
  await gw.close();
});

async function lastCall() {
  const [row] = await db.select().from(gatewayCalls).orderBy(desc(gatewayCalls.id)).limit(1);
  if (!row) throw new Error('no gateway call recorded');
  return row;
}

/** The whole call log, as any reader (an export, a support dump) would serialise it. */
async function expectNoSecretInLog() {
  const text = JSON.stringify(await callRows(db));
  expect(text.length).toBeGreaterThan(2);
  expect(text).not.toContain(SECRET);
}

/** An order paid at the sandbox whose notification reached our notify route. */
async function paidOrder(wallet: Wallet, amountCents = 10_000) {
  const outTradeNo = await preOrder(db, { wallet, amountCents, tid });
  await gw.control.pay(outTradeNo);
  if (wallet === 'PAYME' || wallet === 'FPS') return ingestFromQuery(db, outTradeNo, wallet);
  await waitUntil(async () => (await orderByNo(db, outTradeNo)) !== undefined);
  return (await orderByNo(db, outTradeNo))!;
}

describe('gateway call log (gateway_calls)', () => {
  it('records PreOrder, Query (order and refund), Close and every refund API with its answer', async () => {
    const client = gateway(db);

    const unpaid = await preOrder(db, { wallet: 'WECHATCN', amountCents: 2_500, tid });
    expect(await lastCall()).toMatchObject({
      api: 'preorder',
      endpoint: '/Servlet/JSAPIService.do',
      service: 'service.wechat.qrcode.PreOrder',
      outTradeNo: unpaid,
      outcome: 'accepted',
      httpStatus: 200,
    });
    expect((await lastCall()).request).toMatchObject({ user_confirm_key: USER_CONFIRM_KEY, notify_url: gw.notifyUrl });

    await client.queryOrder({ wallet: 'WECHATCN', outTradeNo: unpaid });
    expect(await lastCall()).toMatchObject({
      api: 'query-order',
      service: 'service.wechat.qrcode.Query',
      outTradeNo: unpaid,
      outcome: 'accepted',
      detail: 'TRADE_PROCESSING',
    });

    await client.close({ wallet: 'WECHATCN', outTradeNo: unpaid });
    expect(await lastCall()).toMatchObject({
      api: 'close',
      service: 'service.wechat.qrcode.Close',
      outcome: 'accepted',
      detail: 'TRADE_CLOSED',
    });

    // Alipay: AppTradeRefund.do (docs/eftpay-gateway.md §5.1), synchronous result; through the refund verb, so the
    // log row is linked to our order and refund.
    const alipay = await paidOrder('ALIPAYHK');
    const manager = await makeStaff(db, 'admin');
    const refund = await createRefund({ ctx: { db, actor: manager }, input: refundInput(alipay.id, '30.00') });
    expect(await lastCall()).toMatchObject({
      api: 'refund',
      endpoint: '/Servlet/AppTradeRefund.do',
      service: null,
      outTradeNo: alipay.outTradeNo,
      refundNo: refund.refundNo,
      orderId: alipay.id,
      refundId: refund.refundId,
      outcome: 'accepted',
      detail: 'TRADE_REFUND',
    });

    await client.queryRefund({ wallet: 'ALIPAYHK', outTradeNo: alipay.outTradeNo, refundNo: refund.refundNo });
    expect(await lastCall()).toMatchObject({
      api: 'query-refund',
      service: 'service.alipay.qrcode.Query',
      refundNo: refund.refundNo,
      refundId: refund.refundId,
      outcome: 'accepted',
      detail: 'TRADE_REFUND',
    });

    // WeChat: AppTradeApplyRefund.do with notify_url; the result follows by notification.
    const wechat = await paidOrder('WECHATHK');
    await client.refund({
      wallet: 'WECHATHK',
      outTradeNo: wechat.outTradeNo,
      refundNo: uniqueNo('RW'),
      amountCents: 1_000,
      reason: '顧客要求',
      notifyUrl: gw.notifyUrl,
    });
    expect(await lastCall()).toMatchObject({
      api: 'apply-refund',
      endpoint: '/Servlet/AppTradeApplyRefund.do',
      outcome: 'accepted',
      detail: 'APPLY_SUCCESS',
    });

    // UnionPay: the QR-scene refund (docs/eftpay-gateway.md §12 #9).
    const unionpay = await paidOrder('UNIONPAY', 4_000);
    await client.refund({
      wallet: 'UNIONPAY',
      outTradeNo: unionpay.outTradeNo,
      refundNo: uniqueNo('RU'),
      amountCents: 4_000,
    });
    expect(await lastCall()).toMatchObject({
      api: 'qr-refund',
      endpoint: '/Servlet/JSAPIService.do',
      service: 'service.unionpay.qrcode.csb.Refund',
      outcome: 'accepted',
      detail: 'TRADE_CLOSED',
    });

    await expectNoSecretInLog();
  });

  it('records a signed rejection as rejected with its return_status', async () => {
    const unknown = uniqueNo('NF');
    const answer = await gateway(db).queryOrder({ wallet: 'ALIPAYHK', outTradeNo: unknown });
    expect(answer).toMatchObject({ kind: 'rejected', returnStatus: '03', signed: true });
    expect(await lastCall()).toMatchObject({
      api: 'query-order',
      outTradeNo: unknown,
      outcome: 'rejected',
      detail: '03',
    });
    await expectNoSecretInLog();
  });

  it('records an unsigned rejection (our signature refused) as rejected, and never stores the secret used', async () => {
    const outTradeNo = await preOrder(db, { wallet: 'ALIPAYHK', amountCents: 1_000, tid });
    const wrongSecret = 'gw-it-wrong-secret-55aa';
    configureGateway({
      baseUrl: gw.sandbox.url,
      userConfirmKey: USER_CONFIRM_KEY,
      secretCode: wrongSecret,
      notifyUrl: gw.notifyUrl,
    });
    try {
      const answer = await gateway(db).queryOrder({ wallet: 'ALIPAYHK', outTradeNo });
      expect(answer).toMatchObject({ kind: 'rejected', returnStatus: '02', signed: false });
    } finally {
      configureGateway({
        baseUrl: gw.sandbox.url,
        userConfirmKey: USER_CONFIRM_KEY,
        secretCode: SECRET,
        timeoutMs: 800,
        notifyUrl: gw.notifyUrl,
      });
    }
    expect(await lastCall()).toMatchObject({ outcome: 'rejected', detail: '02' });
    expect(JSON.stringify(await callRows(db))).not.toContain(wrongSecret);
    await expectNoSecretInLog();
  });

  describe('faults: the operation applies, the answer is lost or damaged', () => {
    async function queryUnder(fault: 'timeout' | 'http-500' | 'garbled' | 'bad-signature') {
      const outTradeNo = await preOrder(db, { wallet: 'ALIPAYCN', amountCents: 1_234, tid });
      await gw.control.fault({
        match: { outTradeNo, service: 'service.alipay.qrcode.Query' },
        fault,
        ...(fault === 'timeout' ? { delayMs: 3_000 } : {}),
      });
      const answer = await gateway(db).queryOrder({ wallet: 'ALIPAYCN', outTradeNo });
      return { outTradeNo, answer, row: await lastCall() };
    }

    it('timeout: unknown (timeout), nothing received', async () => {
      const { answer, row } = await queryUnder('timeout');
      expect(answer).toEqual({ kind: 'unknown', reason: 'timeout' });
      expect(row).toMatchObject({
        api: 'query-order',
        outcome: 'unknown',
        detail: 'timeout',
        httpStatus: null,
        response: null,
      });
      await expectNoSecretInLog();
    });

    it('http-500: unknown (http-status) with the status and body kept', async () => {
      const { answer, row } = await queryUnder('http-500');
      expect(answer).toEqual({ kind: 'unknown', reason: 'http-status' });
      expect(row).toMatchObject({
        outcome: 'unknown',
        detail: 'http-status',
        httpStatus: 500,
        response: 'Internal Server Error',
      });
      await expectNoSecretInLog();
    });

    it('garbled: unknown (unparsable) with the raw text kept', async () => {
      const { answer, row } = await queryUnder('garbled');
      expect(answer).toEqual({ kind: 'unknown', reason: 'unparsable' });
      expect(row).toMatchObject({ outcome: 'unknown', detail: 'unparsable', httpStatus: 200 });
      expect(typeof row.response).toBe('string');
      await expectNoSecretInLog();
    });

    it('bad-signature: unknown (bad-signature), never accepted', async () => {
      const { answer, row } = await queryUnder('bad-signature');
      expect(answer).toEqual({ kind: 'unknown', reason: 'bad-signature' });
      expect(row).toMatchObject({ outcome: 'unknown', detail: 'bad-signature', httpStatus: 200 });
      expect(row.response).toMatchObject({ return_status: '00', trade_status: 'TRADE_PROCESSING' });
      await expectNoSecretInLog();
    });

    it('processing-then-result: the refund answer says TRADE_PROCESSING, a later Query the result', async () => {
      const order = await paidOrder('ALIPAYHK', 5_000);
      const refundNo = uniqueNo('RP');
      await gw.control.fault({ match: { refundNo }, fault: 'processing-then-result', times: 1 });
      const client = gateway(db);
      await client.refund({ wallet: 'ALIPAYHK', outTradeNo: order.outTradeNo, refundNo, amountCents: 5_000 });
      expect(await lastCall()).toMatchObject({
        api: 'refund',
        refundNo,
        outcome: 'accepted',
        detail: 'TRADE_PROCESSING',
      });
      await client.queryRefund({ wallet: 'ALIPAYHK', outTradeNo: order.outTradeNo, refundNo });
      expect(await lastCall()).toMatchObject({ api: 'query-refund', outcome: 'accepted', detail: 'TRADE_PROCESSING' });
      await client.queryRefund({ wallet: 'ALIPAYHK', outTradeNo: order.outTradeNo, refundNo });
      expect(await lastCall()).toMatchObject({ api: 'query-refund', outcome: 'accepted', detail: 'TRADE_CLOSED' });
      await expectNoSecretInLog();
    });

    it('apply-success-then-notification: APPLY_SUCCESS now, the refund notification settles it', async () => {
      const order = await paidOrder('PAYME', 6_000);
      await gw.control.fault({
        match: { outTradeNo: order.outTradeNo, service: 'service.payme.qrcode.Refund' },
        fault: 'apply-success-then-notification',
        delayMs: 100,
      });
      const admin = await makeStaff(db, 'admin');
      const refund = await createRefund({ ctx: { db, actor: admin }, input: refundInput(order.id, '60.00') });
      expect(refund.status).toBe('processing');
      expect(await lastCall()).toMatchObject({
        api: 'qr-refund',
        refundId: refund.refundId,
        outcome: 'accepted',
        detail: 'APPLY_SUCCESS',
      });
      await waitUntil(async () => (await orderByNo(db, order.outTradeNo))?.status === 'fully_refunded');
      await expectNoSecretInLog();
    });
  });
});
