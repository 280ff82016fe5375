import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/connect';
import { auditLog, gatewayCalls } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actor';
import { NotFoundError } from '@/lib/errors';
import { findOrderAtEftpay } from '@/lib/orders/find-at-eftpay';
import { refreshOrder } from '@/lib/orders/refresh';
import { makeStaff, makeStore, orderRow } from '../../support/fixtures';
import { testDatabaseForFile } from '../../support/harness';
import { uniqueNo } from '../../support/unique';
import { waitUntil } from '../../support/wait';
import { orderByNo, preOrder, startConsoleGateway } from './helpers';

const database = testDatabaseForFile();
let db: Db;
let gw: Awaited<ReturnType<typeof startConsoleGateway>>;
let mine: { id: string; tid: string };
let theirs: { id: string; tid: string };
let manager: StaffActor;

beforeAll(async () => {
  db = database.db;
  gw = await startConsoleGateway();
  const a = await makeStore(db);
  const b = await makeStore(db);
  mine = { id: a.id, tid: a.tids[0]! };
  theirs = { id: b.id, tid: b.tids[0]! };
  manager = await makeStaff(db, 'manager', [mine.id]);
});

afterAll(async () => {
  await gw.close();
});

async function auditActions(orderId: string) {
  const rows = await db.select().from(auditLog).where(eq(auditLog.orderId, orderId)).orderBy(auditLog.id);
  return rows.map((r) => r.action);
}

describe('Find at eftPay', () => {
  it('stores an order the console did not know, as eftPay reports it', async () => {
    // Paid without a notification reaching us (e.g. it was lost): only eftPay knows the order.
    const outTradeNo = await preOrder(db, { wallet: 'ALIPAYHK', amountCents: 45_600, tid: mine.tid });
    await gw.control.pay(outTradeNo, { notify: false });
    expect(await orderByNo(db, outTradeNo)).toBeUndefined();

    const found = await findOrderAtEftpay({ ctx: { db, actor: manager }, input: { outTradeNo, wallet: 'ALIPAYHK' } });
    expect(found.created).toBe(true);
    const order = await orderRow(db, found.orderId);
    const atSandbox = await gw.control.order(outTradeNo);
    expect(order).toMatchObject({
      outTradeNo,
      status: 'paid',
      amountCents: 45_600,
      storeId: mine.id,
      tid: mine.tid,
      eftpayTradeNo: atSandbox?.eftpayTradeNo,
      transactionId: atSandbox?.transactionId,
    });
    expect(await auditActions(order.id)).toEqual(['order.found_at_eftpay']);

    // Asking again finds the stored order; nothing new is written.
    const again = await findOrderAtEftpay({ ctx: { db, actor: manager }, input: { outTradeNo, wallet: 'ALIPAYHK' } });
    expect(again).toEqual({ orderId: order.id, created: false });
    expect(await auditActions(order.id)).toEqual(['order.found_at_eftpay']);
  });

  it('reports an order eftPay does not know as not found and stores nothing', async () => {
    const outTradeNo = uniqueNo('NX');
    await expect(
      findOrderAtEftpay({ ctx: { db, actor: manager }, input: { outTradeNo, wallet: 'WECHATHK' } }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await orderByNo(db, outTradeNo)).toBeUndefined();
  });

  /** What the caller is told: the error's code, message key and fields, as the action client passes them on. */
  async function answerOf(outTradeNo: string, wallet: 'UNIONPAY' | 'WECHATHK' | 'ALIPAYHK') {
    const error = await findOrderAtEftpay({ ctx: { db, actor: manager }, input: { outTradeNo, wallet } }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(NotFoundError);
    const { code, message, fieldErrors } = error as NotFoundError & { fieldErrors?: unknown };
    return JSON.stringify({ code, message, fieldErrors });
  }

  async function refusals(outTradeNo: string) {
    return db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'order.find_refused'), eq(auditLog.entityId, outTradeNo)));
  }

  it("answers an order of another store's terminal exactly as an unknown one, and imports nothing", async () => {
    const unknown = await answerOf(uniqueNo('NX'), 'UNIONPAY');
    const outTradeNo = await preOrder(db, { wallet: 'UNIONPAY', amountCents: 1_000, tid: theirs.tid });
    await gw.control.pay(outTradeNo, { notify: false });
    expect(await answerOf(outTradeNo, 'UNIONPAY')).toBe(unknown);
    // Not imported under the manager's name: its own store's staff find it, or eftPay's notification brings it.
    expect(await orderByNo(db, outTradeNo)).toBeUndefined();
    const rows = await refusals(outTradeNo);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actorStaffId: manager.staffId, storeId: theirs.id, data: { why: 'other_store' } });
  });

  it("answers another store's order we hold exactly as an unknown one, without asking eftPay or changing it", async () => {
    const unknown = await answerOf(uniqueNo('NX'), 'WECHATHK');
    const outTradeNo = await preOrder(db, { wallet: 'WECHATHK', amountCents: 2_500, tid: theirs.tid });
    await gw.control.pay(outTradeNo); // notified: the order arrives in the other store
    await waitUntil(async () => (await orderByNo(db, outTradeNo)) !== undefined);
    const held = (await orderByNo(db, outTradeNo))!;
    const before = await db.select().from(auditLog).where(eq(auditLog.orderId, held.id));
    const callsBefore = await db.select().from(gatewayCalls).where(eq(gatewayCalls.outTradeNo, outTradeNo));

    expect(await answerOf(outTradeNo, 'WECHATHK')).toBe(unknown);
    expect(await db.select().from(gatewayCalls).where(eq(gatewayCalls.outTradeNo, outTradeNo))).toEqual(callsBefore);
    expect(await orderByNo(db, outTradeNo)).toEqual(held);
    expect(await db.select().from(auditLog).where(eq(auditLog.orderId, held.id))).toEqual(before);
    const rows = await refusals(outTradeNo);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actorStaffId: manager.staffId,
      storeId: theirs.id,
      data: { why: 'held_elsewhere' },
    });
  });

  it('answers a manager the same for an order on no store’s terminal, and imports nothing', async () => {
    const unknown = await answerOf(uniqueNo('NX'), 'ALIPAYHK');
    const outTradeNo = await preOrder(db, { wallet: 'ALIPAYHK', amountCents: 700, tid: uniqueNo('T-NONE') });
    await gw.control.pay(outTradeNo, { notify: false });
    expect(await answerOf(outTradeNo, 'ALIPAYHK')).toBe(unknown);
    expect(await orderByNo(db, outTradeNo)).toBeUndefined();
    expect((await refusals(outTradeNo))[0]).toMatchObject({ data: { why: 'unassigned' } });
  });
});

describe('Refresh from eftPay', () => {
  it('records a status change eftPay reports (unpaid → paid) with an audit row', async () => {
    const outTradeNo = await preOrder(db, { wallet: 'PAYME', amountCents: 7_700, tid: mine.tid });
    const found = await findOrderAtEftpay({ ctx: { db, actor: manager }, input: { outTradeNo, wallet: 'PAYME' } });
    expect((await orderRow(db, found.orderId)).status).toBe('unpaid');

    await gw.control.pay(outTradeNo); // PayMe: no notification (docs/eftpay-gateway.md §4.5)
    const result = await refreshOrder({
      ctx: { db, actor: manager },
      input: { orderId: found.orderId },
      scope: manager.scope,
    });
    expect(result.status).toBe('paid');
    const order = await orderRow(db, found.orderId);
    expect(order).toMatchObject({ status: 'paid', gatewayStatus: 'TRADE_SUCCESS', nextCheckAt: null });
    const [refreshed] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.orderId, order.id), eq(auditLog.action, 'order.status_refreshed')));
    expect(refreshed).toMatchObject({
      actorKind: 'staff',
      actorStaffId: manager.staffId,
      before: { status: 'unpaid' },
      after: { status: 'paid', tradeStatus: 'TRADE_SUCCESS' },
    });
  });

  it("refuses an order outside the caller's stores as not found, without asking eftPay", async () => {
    const outTradeNo = await preOrder(db, { wallet: 'ATOME', amountCents: 2_000, tid: theirs.tid });
    await gw.control.pay(outTradeNo); // notified: the order arrives in the other store
    await waitUntil(async () => (await orderByNo(db, outTradeNo)) !== undefined);
    const row = (await orderByNo(db, outTradeNo))!;
    expect(row.storeId).toBe(theirs.id);
    const queriesBefore = (await gw.control.requests({ outTradeNo })).length;
    await expect(
      refreshOrder({ ctx: { db, actor: manager }, input: { orderId: row.id }, scope: manager.scope }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await gw.control.requests({ outTradeNo })).length).toBe(queriesBefore);
  });
});
