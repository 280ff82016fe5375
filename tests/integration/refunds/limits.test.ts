import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refunds } from '@/db/schema';
import { createRefundAction, rejectRefundAction } from '@/lib/actions/refunds';
import type { StaffActor } from '@/lib/auth/actor';
import { decodeMessage, msg } from '@/lib/shared/messages';
import type { RefundStatus } from '@/lib/shared/statuses';
import { hkDayRange, hkPreset } from '@/lib/time/hk';
import { makeStaff, makeStore, refundInput } from '../../support/fixtures';
import { testDatabaseForFile } from '../../support/harness';
import { runAsActor } from '../../support/seams/current-actor';
import { uniqueNo } from '../../support/unique';
import { waitUntil } from '../../support/wait';
import { insertOrder } from '../orders/helpers';
import { gatewayRefundCalls, paidOrder, refundRows, remainderOf, setPolicy, startRefundGateway } from './helpers';

/**
 * The requester's limits (docs/adr/0014): most per refund, and most per Hong Kong day counting
 * what they refunded, have in flight or waiting for approval today. Checked under the order's lock
 * and the requester's own advisory lock, so their concurrent refunds cannot pass the daily limit
 * together. Real concurrency needs real connections: on Postgres these run on a pool of 30.
 */

const database = testDatabaseForFile();
const db = () => database.db;
let gw: Awaited<ReturnType<typeof startRefundGateway>>;
let tid: string;
let storeId: string;
let admin: StaffActor;
let supervisor: StaffActor;

beforeAll(async () => {
  gw = await startRefundGateway(database.db);
  tid = uniqueNo('TID');
  storeId = (await makeStore(database.db, [tid])).id;
  admin = await makeStaff(database.db, 'admin');
  supervisor = await makeStaff(database.db, 'supervisor', [storeId]);
});
afterAll(async () => {
  await gw?.close();
});

const freshManager = () => makeStaff(db(), 'manager', [storeId]);
const refund = (actor: StaffActor, orderId: string, amount: string) =>
  runAsActor(actor, () => createRefundAction(refundInput(orderId, amount)));
const overRefundLimit = (limitCents: number) => ({
  code: 'VALIDATION',
  message: msg('errors.validation'),
  fieldErrors: { amount: [msg('errors.approval.over_refund_limit', { limitCents })] },
});
const overDailyLimit = (limitCents: number, leftCents: number) => ({
  code: 'VALIDATION',
  message: msg('errors.validation'),
  fieldErrors: { amount: [msg('errors.approval.over_daily_limit', { limitCents, leftCents })] },
});

/** A refund of `staff`'s straight in our records, today unless `requestedAt` says otherwise. */
async function earlierRefund(staff: StaffActor, status: RefundStatus, amountCents: number, requestedAt = new Date()) {
  const order = await insertOrder(db(), { storeId, amountCents: 1_000_000 });
  await db()
    .insert(refunds)
    .values({
      orderId: order.id,
      refundNo: uniqueNo('RL'),
      idempotencyKey: crypto.randomUUID(),
      amountCents,
      reason: 'customer_request',
      status,
      requestedBy: staff.staffId,
      requestedAt,
    });
}

describe('the limit per refund', () => {
  it('refuses more than the role’s limit with a field error naming it; the limit itself is allowed', async () => {
    await setPolicy(db(), admin, { roles: { manager: { perRefund: '50.00' } } });
    const manager = await freshManager();
    const order = await paidOrder(db(), gw.control, { tid, amountCents: 20_000 });

    const over = await refund(manager, order.id, '50.01');

    expect(over.serverError).toEqual(overRefundLimit(5_000));
    expect(await refundRows(db(), order.id)).toHaveLength(0);
    expect(await gatewayRefundCalls(gw.control, order.outTradeNo)).toHaveLength(0);
    expect(await remainderOf(db(), order.id)).toBe(20_000);

    expect((await refund(manager, order.id, '50.00')).data?.status).toBe('succeeded');
    // Another role's limits are its own: a supervisor has none here.
    expect((await refund(supervisor, order.id, '150.00')).data?.status).toBe('succeeded');
    expect(await remainderOf(db(), order.id)).toBe(0);
  });
});

describe('the limit per day', () => {
  it('refuses what would pass it, naming the limit and what is left', async () => {
    await setPolicy(db(), admin, { roles: { manager: { perDay: '100.00' } } });
    const manager = await freshManager();
    const order = await paidOrder(db(), gw.control, { tid, amountCents: 50_000 });

    expect((await refund(manager, order.id, '40.00')).data?.status).toBe('succeeded');
    expect((await refund(manager, order.id, '30.00')).data?.status).toBe('succeeded');
    expect((await refund(manager, order.id, '40.00')).serverError).toEqual(overDailyLimit(10_000, 3_000));
    expect((await refund(manager, order.id, '30.00')).data?.status).toBe('succeeded');
    expect((await refund(manager, order.id, '0.01')).serverError).toEqual(overDailyLimit(10_000, 0));

    expect(await refundRows(db(), order.id)).toHaveLength(3);
    expect(await remainderOf(db(), order.id)).toBe(40_000);
    // Another manager's day is their own.
    expect((await refund(await freshManager(), order.id, '100.00')).data?.status).toBe('succeeded');
  });

  it('counts refunds succeeded, in flight and waiting for approval — not failed, rejected, cancelled, expired, nor yesterday’s', async () => {
    await setPolicy(db(), admin, { roles: { manager: { perDay: '100.00' } } });
    const manager = await freshManager();
    for (const status of ['succeeded', 'requested', 'processing', 'unknown', 'pending_approval'] as const) {
      await earlierRefund(manager, status, 1_000);
    }
    for (const status of ['failed', 'rejected', 'cancelled', 'expired'] as const) {
      await earlierRefund(manager, status, 9_000);
    }
    // Just before this Hong Kong day began.
    const today = hkPreset('today');
    const midnight = hkDayRange(today.from, today.to).from!;
    await earlierRefund(manager, 'succeeded', 9_000, new Date(midnight.getTime() - 1_000));
    const order = await paidOrder(db(), gw.control, { tid, amountCents: 20_000 });

    expect((await refund(manager, order.id, '50.01')).serverError).toEqual(overDailyLimit(10_000, 5_000));
    expect((await refund(manager, order.id, '50.00')).data?.status).toBe('succeeded');
    expect((await refund(manager, order.id, '0.01')).serverError).toEqual(overDailyLimit(10_000, 0));
  });

  it('holds a request waiting for approval against the day, and frees it when rejected', async () => {
    await setPolicy(db(), admin, { approvalThreshold: '50.00', roles: { manager: { perDay: '100.00' } } });
    const manager = await freshManager();
    const order = await paidOrder(db(), gw.control, { tid, amountCents: 50_000 });

    const waiting = await refund(manager, order.id, '60.00');
    expect(waiting.data?.status).toBe('pending_approval');
    expect((await refund(manager, order.id, '50.00')).serverError).toEqual(overDailyLimit(10_000, 4_000));

    const rejected = await runAsActor(supervisor, () =>
      rejectRefundAction({ refundId: waiting.data!.refundId, reason: 'No receipt' }),
    );
    expect(rejected.data?.status).toBe('rejected');
    expect((await refund(manager, order.id, '50.00')).data?.status).toBe('succeeded');
    expect(await remainderOf(db(), order.id)).toBe(45_000);
  });
});

describe('a staff member’s own limits', () => {
  it('replace their role’s: a limit left empty is no limit, not the role’s', async () => {
    const generous = await freshManager();
    const strict = await freshManager();
    const ordinary = await freshManager();
    await setPolicy(db(), admin, {
      roles: { manager: { perRefund: '50.00', perDay: '100.00' } },
      staff: [
        { staffId: generous.staffId, perRefund: '', perDay: '500.00' },
        { staffId: strict.staffId, perRefund: '10.00', perDay: '' },
      ],
    });
    const order = await paidOrder(db(), gw.control, { tid, amountCents: 100_000 });

    expect((await refund(ordinary, order.id, '200.00')).serverError).toEqual(overRefundLimit(5_000));
    expect((await refund(generous, order.id, '200.00')).data?.status).toBe('succeeded');
    expect((await refund(generous, order.id, '300.01')).serverError).toEqual(overDailyLimit(50_000, 30_000));
    expect((await refund(strict, order.id, '10.01')).serverError).toEqual(overRefundLimit(1_000));
    // No daily limit of their own: eleven refunds of 10.00 pass the role's 100.00 a day.
    for (let i = 0; i < 11; i += 1) expect((await refund(strict, order.id, '10.00')).data?.status).toBe('succeeded');
    expect(await remainderOf(db(), order.id)).toBe(100_000 - 20_000 - 11_000);
  });
});

/**
 * Runs `calls` while another connection holds the orders' row locks, and lets them go once every
 * call waits for its order: they then reach the limit check together, instead of one after the
 * other as they happen to arrive. PGlite has one connection: there the calls simply take turns.
 */
async function releasedTogether<T>(orderIds: string[], calls: () => Promise<T>): Promise<T> {
  if (database.kind !== 'postgres') return calls();
  const holder = await database.pool!.connect();
  let open = false;
  try {
    await holder.query('begin');
    open = true;
    await holder.query('select id from orders where id = any($1::uuid[]) for update', [orderIds]);
    const running = calls();
    // Each call waits on the holder's transaction (pg_locks: other sessions' activity is not
    // visible to the console's role).
    await waitUntil(
      async () => {
        const { rows } = await holder.query<{ n: number }>(
          `select count(*)::int as n from pg_locks
            where locktype = 'transactionid' and not granted and transactionid = pg_current_xact_id()::text::xid`,
        );
        return rows[0]!.n >= orderIds.length;
      },
      10_000,
      'every refund waiting for its order',
    );
    await holder.query('commit');
    open = false;
    return await running;
  } finally {
    if (open) await holder.query('rollback').catch(() => {});
    holder.release();
  }
}

describe('ten refunds by one manager at once, across several orders', () => {
  it('never pass the daily limit together: exactly floor(limit / amount) go through', async () => {
    await setPolicy(db(), admin, { roles: { manager: { perDay: '50.00' } } });
    const manager = await freshManager();
    const orders: Array<Awaited<ReturnType<typeof paidOrder>>> = [];
    for (let i = 0; i < 10; i += 1) orders.push(await paidOrder(db(), gw.control, { tid, amountCents: 2_000 }));

    const results = await releasedTogether(
      orders.map((o) => o.id),
      () => Promise.all(orders.map((order) => refund(manager, order.id, '12.00'))),
    );

    const accepted = results.filter((r) => r.data);
    expect(accepted).toHaveLength(Math.floor(5_000 / 1_200));
    expect(accepted.every((r) => r.data!.status === 'succeeded')).toBe(true);
    const refused = results.filter((r) => !r.data).map((r) => r.serverError);
    expect(refused).toHaveLength(6);
    for (const error of refused) {
      expect(error?.code).toBe('VALIDATION');
      const [message] = error!.fieldErrors!.amount!;
      // Each refused when four were already counted: 50.00 − 4 × 12.00 left.
      expect(decodeMessage(message)).toEqual({
        key: 'errors.approval.over_daily_limit',
        params: { limitCents: 5_000, leftCents: 200 },
      });
    }

    const rows = (await Promise.all(orders.map((o) => refundRows(db(), o.id)))).flat();
    expect(rows).toHaveLength(4);
    expect(rows.reduce((sum, r) => sum + r.amountCents, 0)).toBeLessThanOrEqual(5_000);
    const atEftpay = await Promise.all(orders.map(async (o) => (await gw.control.order(o.outTradeNo))!.refunds));
    expect(atEftpay.flat().reduce((sum, r) => sum + r.amountCents, 0)).toBe(4_800);
  });
});
