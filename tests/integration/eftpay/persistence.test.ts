import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestSandbox } from '../../support/harness';
import { startReceiver } from '../../support/http-stub';
import { uniqueNo } from '../../support/unique';
import { SECRET, startGateway, USER_CONFIRM_KEY } from './helpers';

const dir = mkdtempSync(path.join(tmpdir(), 'eftpay-sandbox-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sandbox state file', () => {
  it('keeps orders and refunds across a restart with the same state file', async () => {
    const stateFile = path.join(dir, 'nested', 'state.json');
    const first = await startGateway({ stateFile });
    const outTradeNo = uniqueNo();
    await first.client.preOrder({ wallet: 'ALIPAYHK', outTradeNo, amountCents: 1000, subject: '测试' });
    await first.control.pay(outTradeNo, { notify: false });
    await first.client.refund({ wallet: 'ALIPAYHK', outTradeNo, refundNo: `${outTradeNo}R`, amountCents: 400 });
    await first.sandbox.close();
    // Atomic writes leave no temp files behind.
    expect(readdirSync(path.dirname(stateFile))).toEqual(['state.json']);

    const second = await startGateway({ stateFile });
    try {
      expect(await second.client.queryOrder({ wallet: 'ALIPAYHK', outTradeNo })).toMatchObject({
        kind: 'accepted',
        tradeStatus: 'TRADE_SUCCESS',
      });
      expect(
        await second.client.queryRefund({ wallet: 'ALIPAYHK', outTradeNo, refundNo: `${outTradeNo}R` }),
      ).toMatchObject({
        tradeStatus: 'TRADE_REFUND',
      });
      // The refundable remainder survived too.
      expect(
        await second.client.refund({ wallet: 'ALIPAYHK', outTradeNo, refundNo: `${outTradeNo}S`, amountCents: 601 }),
      ).toMatchObject({
        kind: 'rejected',
        returnStatus: '05',
      });
      expect((await second.control.requests({ outTradeNo })).length).toBeGreaterThanOrEqual(3);
    } finally {
      await second.sandbox.close();
    }
  });

  it('finishes a pending apply-refund and its notification after a restart', async () => {
    const stateFile = path.join(dir, 'pending.json');
    const receiver = await startReceiver();
    const first = await startGateway({ stateFile, applyRefundNotifyDelayMs: 300 });
    const outTradeNo = uniqueNo();
    await first.client.preOrder({ wallet: 'WECHATHK', outTradeNo, amountCents: 100, subject: 'x' });
    await first.control.pay(outTradeNo, { notify: false });
    const refundNo = `${outTradeNo}R`;
    await first.client.refund({ wallet: 'WECHATHK', outTradeNo, refundNo, amountCents: 100, notifyUrl: receiver.url });
    await first.sandbox.close();
    expect(receiver.received).toHaveLength(0);

    const second = await startGateway({ stateFile });
    try {
      await receiver.waitFor(1);
      expect(receiver.received[0]?.body).toMatchObject({ refund_no: refundNo, trade_status: 'TRADE_CLOSED' });
    } finally {
      await second.sandbox.close();
      await receiver.close();
    }
  });

  it('forgets everything on restart when no state file is given', async () => {
    const first = await startGateway();
    const outTradeNo = uniqueNo();
    await first.client.preOrder({ wallet: 'ATOME', outTradeNo, amountCents: 100, subject: 'x' });
    expect(await first.control.order(outTradeNo)).not.toBeNull();
    await first.sandbox.close();
    const second = await startGateway();
    try {
      expect(await second.control.order(outTradeNo)).toBeNull();
    } finally {
      await second.sandbox.close();
    }
  });

  it('refuses to start on a corrupt state file instead of wiping it', async () => {
    const stateFile = path.join(dir, 'corrupt.json');
    writeFileSync(stateFile, JSON.stringify({ version: 99 }));
    await expect(
      startTestSandbox({ userConfirmKey: USER_CONFIRM_KEY, secretCode: SECRET }, { stateFile }),
    ).rejects.toThrow(/not valid/);
    expect(readFileSync(stateFile, 'utf8')).toContain('99');
  });
});
