import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEftpayClient } from '@/lib/eftpay/client';
import type { GatewayCallRecord } from '@/lib/eftpay/types';
import { uniqueNo } from '../../support/unique';
import { SECRET, startGateway, USER_CONFIRM_KEY } from './helpers';

let gw: Awaited<ReturnType<typeof startGateway>>;

beforeAll(async () => {
  gw = await startGateway();
});
afterAll(async () => {
  await gw.sandbox.close();
});

describe('gateway call records (onCall)', () => {
  it('records every call exactly once with the body as sent, and never contains the secret', async () => {
    const records: GatewayCallRecord[] = [];
    const client = createEftpayClient({
      baseUrl: gw.sandbox.url,
      userConfirmKey: USER_CONFIRM_KEY,
      secretCode: SECRET,
      onCall: (record) => {
        records.push(record);
      },
    });
    const alipay = uniqueNo();
    const wechat = uniqueNo();
    const atome = uniqueNo();
    await client.preOrder({ wallet: 'ALIPAYHK', outTradeNo: alipay, amountCents: 500, subject: 'x' });
    await client.preOrder({ wallet: 'WECHATHK', outTradeNo: wechat, amountCents: 500, subject: 'x' });
    await client.preOrder({ wallet: 'ATOME', outTradeNo: atome, amountCents: 500, subject: 'x' });
    for (const no of [alipay, wechat, atome]) await gw.control.pay(no, { notify: false });
    await client.queryOrder({ wallet: 'ALIPAYHK', outTradeNo: alipay });
    await client.close({ wallet: 'ALIPAYHK', outTradeNo: alipay });
    await client.refund({ wallet: 'ALIPAYHK', outTradeNo: alipay, refundNo: `${alipay}R`, amountCents: 100 });
    await client.refund({ wallet: 'WECHATHK', outTradeNo: wechat, refundNo: `${wechat}R`, amountCents: 100 });
    await client.refund({ wallet: 'ATOME', outTradeNo: atome, refundNo: `${atome}R`, amountCents: 100 });
    await client.queryRefund({ wallet: 'ATOME', outTradeNo: atome, refundNo: `${atome}R` });
    await client.queryOrder({ wallet: 'ALIPAYHK', outTradeNo: uniqueNo('MISSING') });

    expect(records.map((r) => r.api)).toEqual([
      'preorder',
      'preorder',
      'preorder',
      'query-order',
      'close',
      'refund',
      'apply-refund',
      'qr-refund',
      'query-refund',
      'query-order',
    ]);
    expect(records.map((r) => r.outcome)).toEqual([...Array(9).fill('accepted'), 'rejected']);
    expect(records[5]).toMatchObject({
      endpoint: '/Servlet/AppTradeRefund.do',
      outTradeNo: alipay,
      refundNo: `${alipay}R`,
      httpStatus: 200,
      detail: 'TRADE_REFUND',
    });
    expect(records[7]).toMatchObject({
      endpoint: '/Servlet/JSAPIService.do',
      service: 'service.atome.v1.qrcode.Refund',
    });
    expect(records[9]).toMatchObject({ outcome: 'rejected', detail: '03' });

    const received = await gw.control.requests({ outTradeNo: alipay, path: 'AppTradeRefund.do' });
    expect(records[5]?.request).toEqual(received.at(-1)?.body);
    for (const record of records) {
      expect(record.request.sign).toMatch(/^[0-9a-f]{64}$/);
      expect(record.latencyMs).toBeGreaterThanOrEqual(0);
      expect(JSON.stringify(record)).not.toContain(SECRET);
    }
  });

  it('records unknown outcomes too (network failure), without the secret', async () => {
    const records: GatewayCallRecord[] = [];
    const client = createEftpayClient({
      // Port 9 (discard) on localhost is closed: the connection is refused.
      baseUrl: 'http://127.0.0.1:9/VMP',
      userConfirmKey: USER_CONFIRM_KEY,
      secretCode: SECRET,
      onCall: (record) => {
        records.push(record);
      },
    });
    const outcome = await client.queryOrder({ wallet: 'FPS', outTradeNo: 'T1' });
    expect(outcome).toEqual({ kind: 'unknown', reason: 'network' });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ outcome: 'unknown', detail: 'network', response: null });
    expect(JSON.stringify(records)).not.toContain(SECRET);
  });

  it('keeps the secret out of thrown errors', async () => {
    const failures: unknown[] = [];
    await gw.client.close({ wallet: 'FPS', outTradeNo: 'T1' }).catch((e: unknown) => failures.push(e));
    await gw.client
      .refund({ wallet: 'FPS', outTradeNo: 'T1', refundNo: 'R1', amountCents: 1 })
      .catch((e: unknown) => failures.push(e));
    await gw.client
      .refund({ wallet: 'ATOME', outTradeNo: 'T1', refundNo: 'R1', amountCents: 0.5 })
      .catch((e: unknown) => failures.push(e));
    expect(() => createEftpayClient({ baseUrl: 'ftp://x', userConfirmKey: 'k', secretCode: SECRET })).toThrow();
    try {
      createEftpayClient({ baseUrl: 'ftp://x', userConfirmKey: 'k', secretCode: SECRET });
    } catch (error) {
      failures.push(error);
    }
    expect(failures).toHaveLength(4);
    for (const failure of failures) {
      expect(failure).toBeInstanceOf(Error);
      const error = failure as Error;
      expect(`${error.message} ${error.stack ?? ''} ${JSON.stringify(error)}`).not.toContain(SECRET);
    }
  });

  it('lets an onCall failure reach the caller (an unrecorded call must not look recorded)', async () => {
    const client = createEftpayClient({
      baseUrl: gw.sandbox.url,
      userConfirmKey: USER_CONFIRM_KEY,
      secretCode: SECRET,
      onCall: () => {
        throw new Error('log store down');
      },
    });
    await expect(client.queryOrder({ wallet: 'ALIPAYHK', outTradeNo: 'T1' })).rejects.toThrow('log store down');
  });
});
