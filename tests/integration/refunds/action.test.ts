import { and, eq } from 'drizzle-orm';
import { revalidatePath } from 'next/cache';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '@/db/schema';
import { createRefundAction } from '@/lib/actions/refunds';
import type { StaffActor } from '@/lib/auth/actor';
import { insertOrder } from '../orders/helpers';
import { makeStaff, makeStore, orderRow, refundInput, refundRow } from '../../support/fixtures';
import { testDatabaseForFile } from '../../support/harness';
import { uniqueNo } from '../../support/unique';
import { auditRowsFor, gatewayRefundCalls, paidOrder, refundRows, remainderOf, startRefundGateway } from './helpers';
import { msg } from '@/lib/shared/messages';
import { runAsActor } from '../../support/seams/current-actor';

const database = testDatabaseForFile();
let gw: Awaited<ReturnType<typeof startRefundGateway>>;
let tid: string;
let storeId: string;
let manager: StaffActor;
let supervisor: StaffActor;
let finance: StaffActor;
let admin: StaffActor;
let otherManager: StaffActor;

beforeAll(async () => {
  gw = await startRefundGateway(database.db);
  tid = uniqueNo('TID');
  const store = await makeStore(database.db, [tid]);
  const other = await makeStore(database.db);
  storeId = store.id;
  manager = await makeStaff(database.db, 'manager', [store.id]);
  supervisor = await makeStaff(database.db, 'supervisor', [store.id]);
  finance = await makeStaff(database.db, 'finance');
  admin = await makeStaff(database.db, 'admin');
  otherManager = await makeStaff(database.db, 'manager', [other.id]);
});
afterAll(async () => {
  await gw?.close();
});

const db = () => database.db;
const refund = (actor: StaffActor | null, input: Parameters<typeof createRefundAction>[0]) =>
  runAsActor(actor, () => createRefundAction(input));
const refundCalls = (outTradeNo: string) => gatewayRefundCalls(gw.control, outTradeNo);

describe('createRefundAction — the happy path', () => {
  it('refunds part of a paid order, records who and why, and tells the form the outcome', async () => {
    const order = await paidOrder(db(), gw.control, { tid, amountCents: 10_000 });
    const input = refundInput(order.id, '40.00', { reason: 'returned_goods', note: '退貨 — box damaged' });

    const result = await refund(manager, input);

    expect(result.serverError).toBeUndefined();
    expect(result.validationErrors).toBeUndefined();
    expect(result.data).toMatchObject({
      status: 'succeeded',
      amountCents: 4000,
      replayed: false,
      gatewayMessage: null,
    });
    const row = await refundRow(db(), result.data!.refundId);
    expect(row).toMatchObject({
      orderId: order.id,
      amountCents: 4000,
      reason: 'returned_goods',
      note: '退貨 — box damaged',
      status: 'succeeded',
      gatewayApi: 'app-refund',
      gatewayStatus: 'TRADE_REFUND',
      requestedBy: manager.staffId,
      idempotencyKey: input.idempotencyKey,
      refundNo: result.data!.refundNo,
    });
    expect(await orderRow(db(), order.id)).toMatchObject({ refundedCents: 4000, status: 'partly_refunded' });
    expect(await remainderOf(db(), order.id)).toBe(6000);

    // eftPay refunded exactly that, under our refund number, with the reason and note.
    const atSandbox = await gw.control.order(order.outTradeNo);
    expect(atSandbox?.refunds).toEqual([
      expect.objectContaining({
        refundNo: result.data!.refundNo,
        amountCents: 4000,
        status: 'TRADE_REFUND',
        reason: 'Returned goods: 退貨 — box damaged',
      }),
    ]);
    expect(revalidatePath).toHaveBeenCalledWith(`/orders/${order.id}`);
  });

  it('writes refund.requested and the outcome as audit rows, in order, with the staff member', async () => {
    const order = await paidOrder(db(), gw.control, { tid, amountCents: 5000 });
    const result = await refund(supervisor, refundInput(order.id, '50.00', { reason: 'duplicate_payment' }));
    expect(result.data?.status).toBe('succeeded');

    const rows = await auditRowsFor(db(), result.data!.refundId);
    expect(rows.map((r) => r.action)).toEqual(['refund.requested', 'refund.answered']);
    const [requested, answered] = rows;
    expect(requested).toMatchObject({
      actorKind: 'staff',
      actorStaffId: supervisor.staffId,
      orderId: order.id,
      storeId,
      ip: '127.0.0.1',
      after: expect.objectContaining({ amountCents: 5000, reason: 'duplicate_payment', status: 'requested' }),
      data: { remainderBeforeCents: 5000 },
    });
    expect(answered).toMatchObject({
      actorKind: 'staff',
      actorStaffId: supervisor.staffId,
      orderId: order.id,
      before: expect.objectContaining({ status: 'requested' }),
      after: { status: 'succeeded', gatewayStatus: 'TRADE_CLOSED' },
    });
    expect(await orderRow(db(), order.id)).toMatchObject({ refundedCents: 5000, status: 'fully_refunded' });
  });

  it('refunds the rest after a partial refund, and then the order is fully refunded', async () => {
    const order = await paidOrder(db(), gw.control, { tid, amountCents: 10_000 });
    expect((await refund(manager, refundInput(order.id, '40'))).data?.status).toBe('succeeded');
    const rest = await refund(manager, refundInput(order.id, '60.00'));
    expect(rest.data?.status).toBe('succeeded');
    expect(await orderRow(db(), order.id)).toMatchObject({ refundedCents: 10_000, status: 'fully_refunded' });
    expect(await remainderOf(db(), order.id)).toBe(0);

    const again = await refund(manager, refundInput(order.id, '0.01'));
    expect(again.serverError).toMatchObject({ code: 'CONFLICT', message: msg('errors.refund.already_fully_refunded') });
    expect(await refundRows(db(), order.id)).toHaveLength(2);
  });

  it('lets an admin refund any store’s order', async () => {
    const order = await paidOrder(db(), gw.control, { tid, amountCents: 1234 });
    const result = await refund(admin, refundInput(order.id, '12.34'));
    expect(result.data).toMatchObject({ status: 'succeeded', amountCents: 1234 });
  });

  it('returns the first refund when the same form is submitted again, with one gateway call', async () => {
    const order = await paidOrder(db(), gw.control, { tid, amountCents: 3000 });
    const input = refundInput(order.id, '10.00');
    const first = await refund(manager, input);
    const second = await refund(manager, input);
    expect(first.data).toMatchObject({ status: 'succeeded', replayed: false });
    expect(second.data).toMatchObject({ refundId: first.data!.refundId, amountCents: 1000, replayed: true });
    // Another amount typed in meanwhile is not answered with the first refund (see idempotency-conflict).
    const other = await refund(manager, { ...input, amount: '11.00' });
    expect(other.serverError).toEqual({ code: 'CONFLICT', message: msg('errors.refund.form_used_other_amount') });
    expect(await refundRows(db(), order.id)).toHaveLength(1);
    expect(await refundCalls(order.outTradeNo)).toHaveLength(1);
  });
  it('keeps a 256-character note (Chinese and emoji) whole, and sends eftPay a reason that fits String(256)', async () => {
    const order = await paidOrder(db(), gw.control, { tid, amountCents: 2000 });
    const note = `${'退款'.repeat(100)}${'😀'.repeat(56)}`;
    expect(Array.from(note)).toHaveLength(256);
    const result = await refund(manager, refundInput(order.id, '20.00', { reason: 'returned_goods', note }));
    expect(result.data?.status).toBe('succeeded');
    expect((await refundRow(db(), result.data!.refundId)).note).toBe(note);
    const sent = (await gw.control.order(order.outTradeNo))?.refunds[0]?.reason ?? '';
    expect(sent.startsWith('Returned goods: 退款')).toBe(true);
    expect(sent.length).toBeLessThanOrEqual(256);
    expect(sent.length).toBeGreaterThan(250);
  });
});

describe('createRefundAction — refusals', () => {
  it('refuses finance, who may see every store but not refund (FORBIDDEN), and records the refusal', async () => {
    const order = await paidOrder(db(), gw.control, { tid, amountCents: 10_000 });
    const result = await refund(finance, refundInput(order.id, '10.00'));
    expect(result.serverError).toEqual({ code: 'FORBIDDEN', message: msg('errors.forbidden') });
    expect(result.data).toBeUndefined();
    expect(await refundRows(db(), order.id)).toHaveLength(0);
    expect(await refundCalls(order.outTradeNo)).toHaveLength(0);
    const denied = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'access.denied'), eq(auditLog.actorStaffId, finance.staffId)));
    expect(denied).toEqual([expect.objectContaining({ entityId: 'createRefundAction' })]);
  });

  it('refuses a signed-out caller', async () => {
    const order = await paidOrder(db(), gw.control, { tid, amountCents: 1000 });
    const result = await refund(null, refundInput(order.id, '1.00'));
    expect(result.serverError?.code).toBe('UNAUTHENTICATED');
    expect(await refundRows(db(), order.id)).toHaveLength(0);
  });

  it('answers NOT_FOUND for another store’s order, exactly as for an order that does not exist', async () => {
    const order = await paidOrder(db(), gw.control, { tid, amountCents: 10_000 });
    const theirs = await refund(otherManager, refundInput(order.id, '10.00'));
    const missing = await refund(otherManager, refundInput(crypto.randomUUID(), '10.00'));
    expect(theirs.serverError).toEqual({ code: 'NOT_FOUND', message: msg('errors.not_found.order') });
    expect(missing.serverError).toEqual(theirs.serverError);
    expect(await refundRows(db(), order.id)).toHaveLength(0);
    expect(await refundCalls(order.outTradeNo)).toHaveLength(0);
  });

  it('refuses an FPS order with an explanation on the amount field, without calling eftPay', async () => {
    const order = await paidOrder(db(), gw.control, { tid, amountCents: 8000, wallet: 'FPS' });
    expect(order.status).toBe('paid');
    const result = await refund(manager, refundInput(order.id, '80.00'));
    expect(result.serverError).toEqual({
      code: 'VALIDATION',
      message: msg('errors.validation'),
      fieldErrors: { amount: [msg('errors.refund.wallet_not_refundable', { wallet: 'FPS' })] },
    });
    expect(await refundRows(db(), order.id)).toHaveLength(0);
    expect(await refundCalls(order.outTradeNo)).toHaveLength(0);
  });

  it('refuses more than the remainder with a field error, counting a refund whose outcome is unknown', async () => {
    const order = await paidOrder(db(), gw.control, { tid, amountCents: 10_000 });
    await gw.control.fault({ match: { outTradeNo: order.outTradeNo }, fault: 'http-500' });
    const unknown = await refund(manager, refundInput(order.id, '70.00'));
    expect(unknown.data?.status).toBe('unknown');

    const over = await refund(manager, refundInput(order.id, '30.01'));
    expect(over.serverError).toEqual({
      code: 'VALIDATION',
      message: msg('errors.validation'),
      fieldErrors: { amount: [msg('errors.refund.exceeds_remainder', { maxCents: 3000 })] },
    });
    expect(await refundRows(db(), order.id)).toHaveLength(1);

    const exact = await refund(manager, refundInput(order.id, '30.00'));
    expect(exact.data?.status).toBe('succeeded');
    const none = await refund(manager, refundInput(order.id, '0.01'));
    expect(none.serverError?.fieldErrors).toEqual({
      amount: [msg('errors.refund.nothing_left')],
    });
  });

  it('refuses an order that is not paid (CONFLICT) and writes nothing', async () => {
    const unpaid = await insertOrder(db(), { storeId, status: 'unpaid', outTradeNo: uniqueNo('UP') });
    const result = await refund(manager, refundInput(unpaid.id, '1.00'));
    expect(result.serverError).toEqual({ code: 'CONFLICT', message: msg('errors.refund.not_paid') });
    expect(await refundRows(db(), unpaid.id)).toHaveLength(0);
  });
});
