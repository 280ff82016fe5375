import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { refunds } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { EFTPAY, SYSTEM } from '@/lib/auth/actor';
import { scopeFor } from '@/lib/auth/scope';
import { NotFoundError } from '@/lib/errors';
import { getOrderDetail } from '@/lib/orders/detail';
import { lockOrderInScope } from '@/lib/orders/lock';
import { TEST_DB_KIND } from '../../support/db';
import { makeStaff, makeStore } from '../../support/fixtures';
import { testDatabaseForFile } from '../../support/harness';
import { uniqueNo } from '../../support/unique';
import { insertOrder } from './helpers';

const database = testDatabaseForFile();
let storeA: Awaited<ReturnType<typeof makeStore>>;
let storeB: Awaited<ReturnType<typeof makeStore>>;

beforeAll(async () => {
  storeA = await makeStore(database.db);
  storeB = await makeStore(database.db);
});

async function addRefund(
  orderId: string,
  amountCents: number,
  status: typeof refunds.$inferInsert.status,
  by?: string,
) {
  const [row] = await database.db
    .insert(refunds)
    .values({
      orderId,
      refundNo: uniqueNo('R'),
      idempotencyKey: uniqueNo('K'),
      amountCents,
      reason: 'customer_request',
      status,
      requestedBy: by ?? null,
    })
    .returning();
  return row!;
}

describe('getOrderDetail', () => {
  it('works out paid, refunded, in-flight and refundable amounts', async () => {
    const manager = await makeStaff(database.db, 'manager', [storeA.id]);
    const order = await insertOrder(database.db, {
      storeId: storeA.id,
      amountCents: 10_000,
      status: 'partly_refunded',
      refundedCents: 1_500,
      paidAt: new Date(),
    });
    await addRefund(order.id, 1_500, 'succeeded', manager.staffId);
    await addRefund(order.id, 1_000, 'requested', manager.staffId);
    await addRefund(order.id, 700, 'processing');
    await addRefund(order.id, 300, 'unknown');
    await addRefund(order.id, 2_000, 'failed');

    const detail = await getOrderDetail(database.db, manager.scope, order.id);
    expect(detail.order).toMatchObject({
      id: order.id,
      amountCents: 10_000,
      refundedCents: 1_500,
      inFlightCents: 2_000,
      refundableCents: 6_500,
      storeName: storeA.name,
    });
    expect(detail.refunds.map((r) => [r.amountCents, r.status])).toEqual([
      [1_500, 'succeeded'],
      [1_000, 'requested'],
      [700, 'processing'],
      [300, 'unknown'],
      [2_000, 'failed'],
    ]);
    expect(detail.refunds[0]?.requestedByName).toBe(manager.name);
    expect(detail.refunds[2]?.requestedByName).toBeNull();
  });

  it('offers nothing to refund on an order that is not paid', async () => {
    for (const status of ['unpaid', 'closed', 'failed', 'fully_refunded'] as const) {
      const order = await insertOrder(database.db, {
        storeId: storeA.id,
        status,
        refundedCents: status === 'fully_refunded' ? 10_000 : 0,
      });
      const detail = await getOrderDetail(database.db, { kind: 'all' }, order.id);
      expect(detail.order.refundableCents).toBe(0);
    }
  });

  it('tells the story oldest first, naming the staff member, eftPay or the system', async () => {
    const manager = await makeStaff(database.db, 'manager', [storeA.id]);
    const order = await insertOrder(database.db, { storeId: storeA.id });
    const about = { orderId: order.id, storeId: storeA.id, entityType: 'order', entityId: order.id };
    await database.db.transaction(async (tx) => {
      await recordAudit(tx, EFTPAY, {
        ...about,
        action: 'order.notification_received',
        data: { tradeStatus: 'TRADE_SUCCESS' },
      });
      await recordAudit(tx, EFTPAY, { ...about, action: 'order.payment_received' });
      await recordAudit(tx, manager, {
        ...about,
        action: 'refund.requested',
        data: { amountCents: 500, reason: 'other' },
      });
      await recordAudit(tx, SYSTEM, { ...about, action: 'refund.settled' });
      await recordAudit(tx, SYSTEM, { ...about, action: 'order.something_new' });
    });
    // Rows about other orders are not part of it.
    const other = await insertOrder(database.db, { storeId: storeA.id });
    await database.db.transaction((tx) =>
      recordAudit(tx, SYSTEM, { orderId: other.id, entityType: 'order', action: 'order.closed' }),
    );

    const { timeline } = await getOrderDetail(database.db, manager.scope, order.id);
    expect(timeline.map((e) => [e.action, e.actorKind, e.actorName])).toEqual([
      ['order.notification_received', 'eftpay', null],
      ['order.payment_received', 'eftpay', null],
      ['refund.requested', 'staff', manager.name],
      ['refund.settled', 'system', null],
      ['order.something_new', 'system', null],
    ]);
    expect(timeline[0]?.data).toEqual({ tradeStatus: 'TRADE_SUCCESS' });
    expect(timeline[2]?.data).toEqual({ amountCents: 500, reason: 'other' });
  });

  it("is NotFound for another store's order, an unknown id and a malformed id", async () => {
    const manager = await makeStaff(database.db, 'manager', [storeA.id]);
    const theirs = await insertOrder(database.db, { storeId: storeB.id });
    const unassigned = await insertOrder(database.db, { storeId: null });
    for (const id of [theirs.id, unassigned.id, '00000000-0000-4000-8000-000000000000', 'nope', "1' or '1'='1"]) {
      await expect(getOrderDetail(database.db, manager.scope, id)).rejects.toBeInstanceOf(NotFoundError);
    }
    // The same orders are there for an admin.
    await expect(getOrderDetail(database.db, scopeFor('admin', []), theirs.id)).resolves.toBeTruthy();
    await expect(getOrderDetail(database.db, scopeFor('finance', []), unassigned.id)).resolves.toBeTruthy();
  });
});

describe('lockOrderInScope', () => {
  it('returns the order row inside the scope and NotFound outside it', async () => {
    const mine = await insertOrder(database.db, { storeId: storeA.id });
    const theirs = await insertOrder(database.db, { storeId: storeB.id });
    const scope = scopeFor('supervisor', [storeA.id]);
    await database.db.transaction(async (tx) => {
      expect((await lockOrderInScope(tx, scope, mine.id)).id).toBe(mine.id);
      await expect(lockOrderInScope(tx, scope, theirs.id)).rejects.toBeInstanceOf(NotFoundError);
      await expect(lockOrderInScope(tx, scope, 'not-an-id')).rejects.toBeInstanceOf(NotFoundError);
    });
  });

  it.runIf(TEST_DB_KIND === 'postgres')('holds the row until the transaction ends', async () => {
    const order = await insertOrder(database.db, { storeId: storeA.id });
    const scope = scopeFor('manager', [storeA.id]);
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const first = database.db.transaction(async (tx) => {
      await lockOrderInScope(tx, scope, order.id);
      locked();
      await held;
    });
    await isLocked;
    const second = database.db.transaction(async (tx) => {
      await tx.execute(sql`set local lock_timeout = '200ms'`);
      await lockOrderInScope(tx, scope, order.id);
    });
    await expect(second).rejects.toThrow();
    release();
    await first;
    // Once released, the next verb gets it.
    await database.db.transaction((tx) => lockOrderInScope(tx, scope, order.id));
    const [row] = await database.db.select().from(refunds).where(eq(refunds.orderId, order.id));
    expect(row).toBeUndefined();
  });
});
