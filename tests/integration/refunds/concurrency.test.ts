import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { setDatabase } from '@/db/client';
import { gatewayCalls } from '@/db/schema';
import { createRefundAction } from '@/lib/actions/refunds';
import type { StaffActor } from '@/lib/auth/actor';
import { runAsActor } from '@/lib/auth/current';
import { parseAmountToCents } from '@/lib/money';
import { refreshOrder } from '@/lib/orders/refresh';
import { COUNTED_STATES } from '@/lib/refunds/remainder';
import { createTestDatabase } from '../../support/db';
import { makeStaff, makeStore } from '../../support/fixtures';
import {
  gatewayRefundCalls,
  orderRow,
  paidOrder,
  refundInput,
  refundRows,
  remainderOf,
  startRefundGateway,
  uniqueNo,
} from './helpers';

vi.mock('next/cache', () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn() }));

/**
 * README: a refund can never exceed what was paid — not under double clicks, two tabs or two staff.
 * Real concurrency needs real connections: on Postgres these run on a pool of 30.
 */

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let gw: Awaited<ReturnType<typeof startRefundGateway>>;
let tid: string;
let staff: StaffActor[];

beforeAll(async () => {
  database = await createTestDatabase();
  setDatabase(database);
  gw = await startRefundGateway(database.db, { timeoutMs: 20_000 });
  tid = uniqueNo('TID');
  const store = await makeStore(database.db, [tid]);
  staff = [
    await makeStaff(database.db, 'manager', [store.id]),
    await makeStaff(database.db, 'manager', [store.id]),
    await makeStaff(database.db, 'manager', [store.id]),
    await makeStaff(database.db, 'supervisor', [store.id]),
    await makeStaff(database.db, 'supervisor', [store.id]),
  ];
});
afterAll(async () => {
  await gw?.close();
  await database?.drop();
});

const db = () => database.db;

/** Twenty amounts adding up to far more than HKD 100.00, in a different order each round. */
const AMOUNTS = [
  '10.00',
  '25.00',
  '40.00',
  '5.00',
  '60.00',
  '15.50',
  '33.33',
  '1.00',
  '50.00',
  '20.00',
  '7.77',
  '12.00',
  '45.00',
  '3.00',
  '80.00',
  '9.99',
  '30.00',
  '2.50',
  '18.00',
  '100.00',
];

function shuffled<T>(values: readonly T[], seed: number): T[] {
  const out = [...values];
  let state = seed;
  for (let i = out.length - 1; i > 0; i -= 1) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const cents = (amount: string) => parseAmountToCents(amount)!;

async function refundAtOnce(orderId: string, amounts: readonly string[]) {
  return Promise.all(
    amounts.map((amount, i) =>
      runAsActor(staff[i % staff.length]!, () => createRefundAction(refundInput(orderId, amount))),
    ),
  );
}

describe('twenty refunds of one order at once', () => {
  it.each([1, 2, 3])('never refund more than was paid, in our records or at eftPay (round %i)', async (round) => {
    const order = await paidOrder(db(), gw.control, { tid, amountCents: 10_000 });
    const amounts = shuffled(AMOUNTS, round * 7919);

    const results = await refundAtOnce(order.id, amounts);

    const accepted = results.flatMap((r, i) => (r.data ? [{ ...r.data, amount: amounts[i]! }] : []));
    const refused = results.flatMap((r, i) => (r.data ? [] : [{ error: r.serverError, amount: amounts[i]! }]));
    expect(accepted.length + refused.length).toBe(20);
    expect(accepted.length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);
    // Every refusal is the remainder rule, on the amount field — never a crash, never a conflict.
    for (const { error } of refused) {
      expect(error?.code).toBe('VALIDATION');
      expect(error?.fieldErrors?.amount?.[0]).toMatch(/^(At most HKD [\d,.]+ can be refunded\.|Nothing is left)/);
    }

    // Our records: what succeeded or is in flight never exceeds what was paid.
    const rows = await refundRows(db(), order.id);
    expect(rows).toHaveLength(accepted.length);
    const counted = rows.filter((r) => (COUNTED_STATES as readonly string[]).includes(r.status));
    const countedCents = counted.reduce((sum, r) => sum + r.amountCents, 0);
    expect(countedCents).toBeLessThanOrEqual(10_000);
    const after = await orderRow(db(), order.id);
    expect(after.refundedCents).toBeLessThanOrEqual(after.amountCents);
    // eftPay never had to refuse one of ours: the reservation kept every request within the sale.
    expect(rows.every((r) => r.status === 'succeeded')).toBe(true);
    expect(after.refundedCents).toBe(countedCents);
    expect(after.status).toBe(countedCents === 10_000 ? 'fully_refunded' : 'partly_refunded');

    // eftPay's records: the same refunds, the same total, never more than the sale.
    const atSandbox = (await gw.control.order(order.outTradeNo))!.refunds;
    const sandboxCents = atSandbox.reduce((sum, r) => sum + r.amountCents, 0);
    expect(sandboxCents).toBeLessThanOrEqual(10_000);
    expect(sandboxCents).toBe(countedCents);
    expect(atSandbox.map((r) => r.refundNo).sort()).toEqual(rows.map((r) => r.refundNo).sort());

    // A refusal was right when it was made: the remainder only shrank, and each refused amount
    // is more than what is left now.
    const remainder = await remainderOf(db(), order.id);
    expect(remainder).toBe(10_000 - countedCents);
    for (const { amount } of refused) expect(cents(amount)).toBeGreaterThan(remainder);
  });

  it('counts refunds whose outcome is unknown, and after settling matches eftPay exactly', async () => {
    const order = await paidOrder(db(), gw.control, { tid, amountCents: 10_000 });
    // The first six refund calls lose their answer (eftPay still acts on them).
    await gw.control.fault({ match: { outTradeNo: order.outTradeNo }, fault: 'http-500', times: 6 });

    const results = await refundAtOnce(order.id, shuffled(AMOUNTS, 4242));

    const rows = await refundRows(db(), order.id);
    expect(rows.length).toBe(results.filter((r) => r.data).length);
    expect(rows.filter((r) => r.status === 'unknown').length).toBeGreaterThan(0);
    const counted = rows.filter((r) => r.status !== 'failed').reduce((sum, r) => sum + r.amountCents, 0);
    expect(counted).toBeLessThanOrEqual(10_000);
    expect(results.every((r) => r.data || r.serverError?.code === 'VALIDATION')).toBe(true);
    const atSandbox = (await gw.control.order(order.outTradeNo))!.refunds;
    expect(atSandbox.reduce((sum, r) => sum + r.amountCents, 0)).toBeLessThanOrEqual(10_000);

    await refreshOrder({ ctx: { db: db(), actor: staff[0]! }, input: { orderId: order.id }, scope: staff[0]!.scope });

    const settled = await refundRows(db(), order.id);
    expect(settled.every((r) => r.status === 'succeeded')).toBe(true);
    const refundedCents = settled.reduce((sum, r) => sum + r.amountCents, 0);
    expect(refundedCents).toBe(atSandbox.reduce((sum, r) => sum + r.amountCents, 0));
    expect((await orderRow(db(), order.id)).refundedCents).toBe(refundedCents);
  });
});

describe('one form submitted five times at once', () => {
  it('creates one refund: one row, one call to eftPay, the same answer five times', async () => {
    const order = await paidOrder(db(), gw.control, { tid, amountCents: 10_000 });
    const input = refundInput(order.id, '40.00', { reason: 'returned_goods' });

    const results = await Promise.all(staff.map((actor) => runAsActor(actor, () => createRefundAction(input))));

    expect(results.every((r) => r.data !== undefined)).toBe(true);
    const ids = new Set(results.map((r) => r.data!.refundId));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.data!.replayed === false)).toHaveLength(1);
    expect(results.every((r) => r.data!.amountCents === 4000)).toBe(true);

    const rows = await refundRows(db(), order.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'succeeded', idempotencyKey: input.idempotencyKey });
    expect(await gatewayRefundCalls(gw.control, order.outTradeNo)).toHaveLength(1);
    const logged = await db().select().from(gatewayCalls).where(eq(gatewayCalls.refundId, rows[0]!.id));
    expect(logged).toHaveLength(1);
    expect((await gw.control.order(order.outTradeNo))!.refunds).toHaveLength(1);
    expect(await orderRow(db(), order.id)).toMatchObject({ refundedCents: 4000, status: 'partly_refunded' });
  });

  it('still creates one refund when the resubmissions arrive while eftPay is answering slowly', async () => {
    const order = await paidOrder(db(), gw.control, { tid, amountCents: 10_000 });
    // A slow (not lost) answer: held 600 ms, well inside the client's timeout.
    await gw.control.fault({ match: { outTradeNo: order.outTradeNo }, fault: 'timeout', delayMs: 600 });
    const input = refundInput(order.id, '25.00');

    const first = runAsActor(staff[0]!, () => createRefundAction(input));
    await new Promise((r) => setTimeout(r, 150));
    const again = await Promise.all(staff.slice(1).map((a) => runAsActor(a, () => createRefundAction(input))));
    const firstResult = await first;

    expect(firstResult.data).toMatchObject({ status: 'succeeded', replayed: false });
    for (const r of again) {
      expect(r.data).toMatchObject({ refundId: firstResult.data!.refundId, replayed: true });
      // Mid-flight, the replay reports the refund as it stands — not yet answered.
      expect(['requested', 'succeeded']).toContain(r.data!.status);
    }
    expect(await refundRows(db(), order.id)).toHaveLength(1);
    expect(await gatewayRefundCalls(gw.control, order.outTradeNo)).toHaveLength(1);
  });
});
