import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRefundAction } from '@/lib/actions/refunds';
import type { StaffActor } from '@/lib/auth/actor';
import { gateway } from '@/lib/eftpay/gateway';
import type { FaultRequest } from '@/lib/eftpay/sandbox/control-schemas';
import { reconcileOnce } from '@/lib/jobs/reconcile';
import { refreshOrder } from '@/lib/orders/refresh';
import { refundTotals } from '@/lib/refunds/remainder';
import { makeStaff, makeStore, orderRow, refundInput, refundRow } from '../../support/fixtures';
import { testDatabaseForFile } from '../../support/harness';
import { uniqueNo } from '../../support/unique';
import { waitUntil } from '../../support/wait';
import { auditRowsFor, paidOrder, remainderOf, startRefundGateway } from './helpers';
import { msg } from '@/lib/shared/messages';
import { runAsActor } from '../../support/seams/current-actor';

/**
 * Every way eftPay's answer can go wrong (lib/eftpay/sandbox/faults.ts). Whatever the first answer,
 * the refund ends in the state eftPay holds once it is settled — by the refund notification, by
 * "Refresh from eftPay" (refreshOrder) or by the reconciler — and the refundable remainder is right
 * at every step: a refund whose outcome is not known keeps its money reserved.
 */

const database = testDatabaseForFile();
let gw: Awaited<ReturnType<typeof startRefundGateway>>;
let tid: string;
let manager: StaffActor;

beforeAll(async () => {
  gw = await startRefundGateway(database.db, { sandbox: { applyRefundNotifyDelayMs: 300 } });
  tid = uniqueNo('TID');
  const store = await makeStore(database.db, [tid]);
  manager = await makeStaff(database.db, 'manager', [store.id]);
});
afterAll(async () => {
  await gw?.close();
});

const db = () => database.db;
/** A paid HKD 100.00 order whose next call to eftPay meets `fault`. */
async function paidOrderMeeting(fault: Omit<FaultRequest, 'match'>) {
  const order = await paidOrder(db(), gw.control, { tid, amountCents: 10_000 });
  await gw.control.fault({ match: { outTradeNo: order.outTradeNo }, ...fault });
  return order;
}
const refund = (input: ReturnType<typeof refundInput>) => runAsActor(manager, () => createRefundAction(input));
const refresh = (orderId: string) =>
  refreshOrder({ ctx: { db: db(), actor: manager }, input: { orderId }, scope: manager.scope });
/** One reconciler pass, run as if it were an hour later: every open refund is due. */
const reconcile = () => reconcileOnce({ db: db(), now: new Date(Date.now() + 60 * 60_000) });

/** The money on the order as the console sees it. */
async function money(orderId: string) {
  const order = await orderRow(db(), orderId);
  const totals = await refundTotals(db(), orderId);
  return {
    status: order.status,
    refunded: order.refundedCents,
    succeeded: totals.refundedCents,
    inFlight: totals.inFlightCents,
    refundable: await remainderOf(db(), orderId),
  };
}

async function sandboxRefund(outTradeNo: string, refundNo: string) {
  return (await gw.control.order(outTradeNo))?.refunds.find((r) => r.refundNo === refundNo);
}

describe('answers lost on the way back (eftPay acted on the refund)', () => {
  it('timeout: unknown and reserved; Refresh from eftPay finds it refunded', async () => {
    const order = await paidOrderMeeting({ fault: 'timeout', delayMs: 1_500 });

    const result = await gw.withGateway({ timeoutMs: 300 }, () => refund(refundInput(order.id, '40.00')));

    expect(result.data).toMatchObject({ status: 'unknown', amountCents: 4000 });
    const refundNo = result.data!.refundNo;
    expect(await sandboxRefund(order.outTradeNo, refundNo)).toMatchObject({
      status: 'TRADE_REFUND',
      amountCents: 4000,
    });
    expect(await money(order.id)).toEqual({
      status: 'paid',
      refunded: 0,
      succeeded: 0,
      inFlight: 4000,
      refundable: 6000,
    });
    // Refunding "again" is exactly what the reservation prevents.
    const twice = await refund(refundInput(order.id, '100.00'));
    expect(twice.serverError?.fieldErrors).toEqual({
      amount: [msg('errors.refund.exceeds_remainder', { maxCents: 6000 })],
    });

    await refresh(order.id);

    expect(await refundRow(db(), result.data!.refundId)).toMatchObject({
      status: 'succeeded',
      gatewayStatus: 'TRADE_REFUND',
      refundNo,
    });
    expect(await money(order.id)).toEqual({
      status: 'partly_refunded',
      refunded: 4000,
      succeeded: 4000,
      inFlight: 0,
      refundable: 6000,
    });
    const actions = (await auditRowsFor(db(), result.data!.refundId)).map((r) => r.action);
    expect(actions).toEqual(['refund.requested', 'refund.answered', 'refund.status_refreshed']);
  });

  it('http-500: unknown and reserved; the reconciler finds it refunded in full', async () => {
    const order = await paidOrderMeeting({ fault: 'http-500' });

    const result = await refund(refundInput(order.id, '100.00'));

    expect(result.data?.status).toBe('unknown');
    expect(await sandboxRefund(order.outTradeNo, result.data!.refundNo)).toMatchObject({ status: 'TRADE_CLOSED' });
    expect(await money(order.id)).toMatchObject({ status: 'paid', refunded: 0, inFlight: 10_000, refundable: 0 });

    await reconcile();

    expect(await refundRow(db(), result.data!.refundId)).toMatchObject({
      status: 'succeeded',
      gatewayStatus: 'TRADE_CLOSED',
    });
    expect(await money(order.id)).toEqual({
      status: 'fully_refunded',
      refunded: 10_000,
      succeeded: 10_000,
      inFlight: 0,
      refundable: 0,
    });
  });

  it('garbled: unknown and reserved; Refresh from eftPay finds it refunded', async () => {
    const order = await paidOrderMeeting({ fault: 'garbled' });

    const result = await refund(refundInput(order.id, '25.50'));

    expect(result.data?.status).toBe('unknown');
    expect(await money(order.id)).toMatchObject({ refunded: 0, inFlight: 2550, refundable: 7450 });
    await refresh(order.id);
    expect((await refundRow(db(), result.data!.refundId)).status).toBe('succeeded');
    expect(await money(order.id)).toMatchObject({
      status: 'partly_refunded',
      refunded: 2550,
      inFlight: 0,
      refundable: 7450,
    });
  });

  it('bad-signature: unknown (an unverified "success" proves nothing); the reconciler settles it', async () => {
    const order = await paidOrderMeeting({ fault: 'bad-signature' });

    const result = await refund(refundInput(order.id, '60.00'));

    expect(result.data?.status).toBe('unknown');
    expect((await refundRow(db(), result.data!.refundId)).gatewayStatus).toBeNull();
    expect(await money(order.id)).toMatchObject({ refunded: 0, inFlight: 6000, refundable: 4000 });
    await reconcile();
    expect((await refundRow(db(), result.data!.refundId)).status).toBe('succeeded');
    expect(await money(order.id)).toMatchObject({
      status: 'partly_refunded',
      refunded: 6000,
      inFlight: 0,
      refundable: 4000,
    });
  });
});

describe('refunds eftPay finishes later', () => {
  it('processing-then-result: processing and reserved until Query gives the result', async () => {
    const order = await paidOrderMeeting({ fault: 'processing-then-result', times: 2 });

    const result = await refund(refundInput(order.id, '30.00'));

    expect(result.data?.status).toBe('processing');
    const id = result.data!.refundId;
    const reserved = { status: 'paid', refunded: 0, succeeded: 0, inFlight: 3000, refundable: 7000 };
    expect(await money(order.id)).toEqual(reserved);

    // The next two Queries still say TRADE_PROCESSING: nothing changes, the money stays reserved.
    await refresh(order.id);
    expect((await refundRow(db(), id)).status).toBe('processing');
    await reconcile();
    expect((await refundRow(db(), id)).status).toBe('processing');
    expect(await money(order.id)).toEqual(reserved);

    await refresh(order.id);
    expect(await refundRow(db(), id)).toMatchObject({ status: 'succeeded', gatewayStatus: 'TRADE_REFUND' });
    expect(await money(order.id)).toEqual({
      status: 'partly_refunded',
      refunded: 3000,
      succeeded: 3000,
      inFlight: 0,
      refundable: 7000,
    });
  });

  it('apply-success-then-notification: processing until eftPay’s refund notification settles it', async () => {
    const order = await paidOrderMeeting({ fault: 'apply-success-then-notification', delayMs: 400 });

    const result = await refund(refundInput(order.id, '100.00'));

    expect(result.data?.status).toBe('processing');
    expect(await money(order.id)).toMatchObject({ status: 'paid', inFlight: 10_000, refundable: 0 });

    await waitUntil(async () => (await refundRow(db(), result.data!.refundId)).status === 'succeeded', 10_000);
    expect(await refundRow(db(), result.data!.refundId)).toMatchObject({ gatewayStatus: 'TRADE_CLOSED' });
    expect(await money(order.id)).toEqual({
      status: 'fully_refunded',
      refunded: 10_000,
      succeeded: 10_000,
      inFlight: 0,
      refundable: 0,
    });
    const actions = (await auditRowsFor(db(), result.data!.refundId)).map((r) => r.action);
    expect(actions).toEqual(['refund.requested', 'refund.answered', 'refund.notified']);
  });

  it('WeChat apply-refund: APPLY_SUCCESS, then the notification to our notify_url settles it', async () => {
    const order = await paidOrder(db(), gw.control, { tid, amountCents: 5000, wallet: 'WECHATHK' });

    const result = await refund(refundInput(order.id, '20.00'));

    expect(result.data?.status).toBe('processing');
    const sent = (await gw.control.requests({ outTradeNo: order.outTradeNo })).find((r) =>
      r.path.endsWith('AppTradeApplyRefund.do'),
    );
    expect(sent?.body).toMatchObject({ notify_url: gw.notifyUrl });
    expect(await money(order.id)).toMatchObject({ inFlight: 2000, refundable: 3000 });

    await waitUntil(async () => (await refundRow(db(), result.data!.refundId)).status === 'succeeded', 10_000);
    expect(await money(order.id)).toMatchObject({
      status: 'partly_refunded',
      refunded: 2000,
      inFlight: 0,
      refundable: 3000,
    });
  });
});

describe('refunds eftPay refused or never received', () => {
  it('a signed refusal fails the refund with eftPay’s words and releases the money', async () => {
    const order = await paidOrder(db(), gw.control, { tid, amountCents: 10_000 });
    // Someone refunded HKD 70.00 at eftPay directly (not through the console).
    const outside = await gateway(db()).refund({
      wallet: 'ALIPAYHK',
      outTradeNo: order.outTradeNo,
      refundNo: uniqueNo('EXT'),
      amountCents: 7000,
    });
    expect(outside.kind).toBe('accepted');

    const result = await refund(refundInput(order.id, '50.00'));

    expect(result.data).toMatchObject({
      status: 'failed',
      gatewayMessage: 'amount exceeds the refundable remainder',
    });
    expect(await refundRow(db(), result.data!.refundId)).toMatchObject({
      status: 'failed',
      gatewayStatus: 'REJECTED_05',
      completedAt: expect.any(Date),
    });
    expect(await money(order.id)).toEqual({
      status: 'paid',
      refunded: 0,
      succeeded: 0,
      inFlight: 0,
      refundable: 10_000,
    });
    // A failed refund is final: a later Refresh does not revive it.
    await refresh(order.id);
    expect((await refundRow(db(), result.data!.refundId)).status).toBe('failed');
  });

  it('a request eftPay never processed stays reserved until eftPay’s "no such refund" is believed', async () => {
    const order = await paidOrderMeeting({ fault: 'http-500', apply: false });

    const result = await refund(refundInput(order.id, '40.00'));

    expect(result.data?.status).toBe('unknown');
    expect(await sandboxRefund(order.outTradeNo, result.data!.refundNo)).toBeUndefined();
    expect(await money(order.id)).toMatchObject({ inFlight: 4000, refundable: 6000 });

    // Refresh hears "not found" but never guesses: still unknown, still reserved.
    await refresh(order.id);
    expect((await refundRow(db(), result.data!.refundId)).status).toBe('unknown');
    expect(await money(order.id)).toMatchObject({ inFlight: 4000, refundable: 6000 });

    // The reconciler believes a signed "not found" only once the refund is older than its grace.
    await reconcile();
    expect(await refundRow(db(), result.data!.refundId)).toMatchObject({
      status: 'failed',
      gatewayMessage: msg('errors.refund.not_at_eftpay'),
    });
    expect(await sandboxRefund(order.outTradeNo, result.data!.refundNo)).toBeUndefined();
    expect(await money(order.id)).toEqual({
      status: 'paid',
      refunded: 0,
      succeeded: 0,
      inFlight: 0,
      refundable: 10_000,
    });
  });
});
