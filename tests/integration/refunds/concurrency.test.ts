import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayCalls } from '@/db/schema';
import { createRefundAction } from '@/lib/actions/refunds';
import type { StaffActor } from '@/lib/auth/actor';
import { parseAmountToCents } from '@/lib/money';
import { refreshOrder } from '@/lib/orders/refresh';
import { COUNTED_REFUND_STATUSES } from '@/lib/shared/statuses';
import { makeStaff, makeStore, orderRow, refundInput } from '../../support/fixtures';
import { testDatabaseForFile } from '../../support/harness';
import { uniqueNo } from '../../support/unique';
import { waitUntil } from '../../support/wait';
import { gatewayRefundCalls, paidOrder, refundRows, remainderOf, startRefundGateway } from './helpers';
import { decodeMessage, msg } from '@/lib/shared/messages';
import { runAsActor } from '../../support/seams/current-actor';

/**
 * README: a refund can never exceed what was paid — not under double clicks, two tabs or two staff.
 * Real concurrency needs real connections: on Postgres these run on a pool of 30.
 */

const database = testDatabaseForFile();
let gw: Awaited<ReturnType<typeof startRefundGateway>>;
let tid: string;
let staff: StaffActor[];

beforeAll(async () => {
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

const NOTHING_LEFT = msg('errors.refund.nothing_left');

/**
 * The remainder a refusal names — after checking that it is exactly the remainder rule's one
 * message on the amount field: `nothing_left` at 0, `exceeds_remainder` with the remainder above.
 */
function remainderNamedBy(error: { code?: string; fieldErrors?: Record<string, string[] | undefined> } | undefined) {
  expect(error?.code).toBe('VALIDATION');
  expect(Object.keys(error?.fieldErrors ?? {})).toEqual(['amount']);
  const messages = error!.fieldErrors!.amount!;
  expect(messages).toHaveLength(1);
  if (messages[0] === NOTHING_LEFT) return 0;
  const maxCents = Number(decodeMessage(messages[0])?.params?.maxCents);
  expect(messages[0]).toBe(msg('errors.refund.exceeds_remainder', { maxCents }));
  expect(maxCents).toBeGreaterThan(0);
  return maxCents;
}

/** Every total some of `amounts` add up to (each used at most once). */
function subsetSums(amounts: readonly number[]): Set<number> {
  let sums = new Set([0]);
  for (const amount of amounts) sums = new Set([...sums, ...[...sums].map((sum) => sum + amount)]);
  return sums;
}

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
    // Every refusal is the remainder rule, on the amount field — never a crash, never a conflict —
    // and names a remainder the order really had (the sale less some of the accepted refunds),
    // below the refused amount.
    const reachable = subsetSums(accepted.map((a) => cents(a.amount)));
    const named = refused.map(({ error, amount }) => {
      const remainderThen = remainderNamedBy(error);
      expect(reachable.has(10_000 - remainderThen), `${remainderThen}`).toBe(true);
      expect(cents(amount)).toBeGreaterThan(remainderThen);
      return remainderThen;
    });

    // Our records: what succeeded or is in flight never exceeds what was paid.
    const rows = await refundRows(db(), order.id);
    expect(rows).toHaveLength(accepted.length);
    const counted = rows.filter((r) => (COUNTED_REFUND_STATUSES as readonly string[]).includes(r.status));
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
    for (const remainderThen of named) expect(remainderThen).toBeGreaterThanOrEqual(remainder);
  });

  it('counts refunds whose outcome is unknown, and after settling matches eftPay exactly', async () => {
    const order = await paidOrder(db(), gw.control, { tid, amountCents: 10_000 });
    // The first six refund calls lose their answer (eftPay still acts on them). Only refund calls:
    // fewer than six may reach eftPay when the remainder runs out first, and a fault left over must
    // not land on the Query that settles them below.
    await gw.control.fault({
      match: { outTradeNo: order.outTradeNo, path: 'AppTradeRefund.do' },
      fault: 'http-500',
      times: 6,
    });

    const results = await refundAtOnce(order.id, shuffled(AMOUNTS, 4242));

    const rows = await refundRows(db(), order.id);
    expect(rows.length).toBe(results.filter((r) => r.data).length);
    expect(rows.filter((r) => r.status === 'unknown').length).toBeGreaterThan(0);
    const counted = rows.filter((r) => r.status !== 'failed').reduce((sum, r) => sum + r.amountCents, 0);
    expect(counted).toBeLessThanOrEqual(10_000);
    // Every call that made no refund was refused by the remainder rule.
    for (const r of results.filter((result) => !result.data)) remainderNamedBy(r.serverError);
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
    // A slow (not lost) answer: held 3 s, well inside the client's 20 s timeout, and far longer
    // than the resubmissions take.
    await gw.control.fault({ match: { outTradeNo: order.outTradeNo }, fault: 'timeout', delayMs: 3_000 });
    const input = refundInput(order.id, '25.00');

    let answered = false;
    const first = runAsActor(staff[0]!, () => createRefundAction(input)).finally(() => {
      answered = true;
    });
    // The first submission is mid-flight once its request has reached eftPay.
    await waitUntil(async () => (await gatewayRefundCalls(gw.control, order.outTradeNo)).length === 1);
    const again = await Promise.all(staff.slice(1).map((a) => runAsActor(a, () => createRefundAction(input))));
    expect(answered, 'the resubmissions came back while eftPay was still answering').toBe(false);
    const firstResult = await first;

    expect(firstResult.data).toMatchObject({ status: 'succeeded', replayed: false });
    for (const r of again) {
      // Mid-flight, the replay reports the refund as it stands: requested, not yet answered.
      expect(r.data).toMatchObject({ refundId: firstResult.data!.refundId, replayed: true, status: 'requested' });
    }
    expect(await refundRows(db(), order.id)).toHaveLength(1);
    expect(await gatewayRefundCalls(gw.control, order.outTradeNo)).toHaveLength(1);
  });
});
