import { randomUUID } from 'node:crypto';
import { eq, inArray, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db, DbOrTx } from '@/db/connect';
import { orders, refunds } from '@/db/schema';
import type { StoreScope } from '@/lib/auth/scope';
import { getRefundDaily, getRefundDailyExact } from '@/lib/finance/refund-daily';
import { compactRefundDays, rollupFor } from '@/lib/finance/refund-days';
import {
  REFUND_REASONS,
  REFUND_STATUSES,
  type RefundFilter,
  RefundFilterInput,
  UNASSIGNED,
} from '@/lib/finance/refund-filter';
import { getRefundTotals, getRefundTotalsExact } from '@/lib/finance/refund-totals';
import type { Wallet } from '@/lib/shared/wallets';
import { prng } from '../../../scripts/demo/random';
import { makeStaff, makeStore } from '../../support/fixtures';
import { testDatabaseForFile } from '../../support/harness';
import { uniqueNo } from '../../support/unique';
import { insertOrder } from './helpers';

/**
 * Finance's rollups (migration 0012, docs/adr/0015) against a full recount. Random sequences of
 * refund creations and changes — one row and many per statement, status moves, completion times
 * either side of Hong Kong midnight, orders moving store and wallet, deletions, updates that change
 * no key — and after each stretch, for random filters and scopes, the totals and the chart read
 * from the rollups equal the same figures counted from the refunds. On Postgres the writers also
 * run at once, on their own connections, over the same keys.
 */
const database = testDatabaseForFile();

const WALLETS: Wallet[] = ['ALIPAYHK', 'WECHATHK', 'PAYME'];
/** Instants around Hong Kong midnight (16:00 UTC) over four days: 2026-06-09 … 2026-06-12 HKT. */
const INSTANTS = [
  '2026-06-08T16:00:00.000Z',
  '2026-06-09T15:59:59.999Z',
  '2026-06-09T16:00:00.000Z',
  '2026-06-10T03:12:00.000Z',
  '2026-06-10T15:59:59.999Z',
  '2026-06-10T16:00:00.001Z',
  '2026-06-11T09:30:00.000Z',
  '2026-06-12T15:59:59.000Z',
];
const DAYS = ['2026-06-08', '2026-06-09', '2026-06-10', '2026-06-11', '2026-06-12', '2026-06-13'];
const FINAL = new Set(['succeeded', 'failed', 'rejected', 'cancelled', 'expired']);

/** Deterministic draws (the demo's mulberry32): a failing seed replays the same sequence. */
function random(seed: number) {
  const { next, pick } = prng(seed);
  const int = (n: number) => Math.floor(next() * n);
  const maybe = <T>(items: readonly T[], p = 0.5): T | undefined => (next() < p ? pick(items) : undefined);
  return { next, int, pick, maybe };
}
type Random = ReturnType<typeof random>;

interface World {
  storeIds: string[];
  staffIds: string[];
  orderIds: string[];
  tag: string;
}

let world: World;

beforeAll(async () => {
  const db = database.db;
  const a = await makeStore(db);
  const b = await makeStore(db);
  const staff = [await makeStaff(db, 'manager', [a.id]), await makeStaff(db, 'supervisor', [a.id, b.id])];
  const orderIds: string[] = [];
  for (const storeId of [a.id, a.id, b.id, b.id, null, null]) {
    for (const wallet of WALLETS.slice(0, 2)) {
      orderIds.push((await insertOrder(db, { storeId, wallet, amountCents: 1_000_000_00 })).id);
    }
  }
  world = { storeIds: [a.id, b.id], staffIds: staff.map((s) => s.staffId), orderIds, tag: uniqueNo('W') };
});

function refundValues(r: Random, orderIds = world.orderIds) {
  const status = r.pick(REFUND_STATUSES);
  const requestedAt = r.pick(INSTANTS);
  return {
    orderId: r.pick(orderIds),
    refundNo: uniqueNo('RD'),
    idempotencyKey: randomUUID(),
    amountCents: 1 + r.int(500_000),
    reason: r.pick(REFUND_REASONS),
    status,
    requestedBy: r.next() < 0.8 ? r.pick(world.staffIds) : null,
    requestedAt: new Date(requestedAt),
    completedAt: FINAL.has(status) ? new Date(r.pick(INSTANTS.filter((t) => t >= requestedAt))) : null,
  };
}

async function someRefundIds(db: DbOrTx, r: Random, n: number, orderIds: string[]): Promise<string[]> {
  const rows = await db
    .select({ id: refunds.id })
    .from(refunds)
    .where(inArray(refunds.orderId, orderIds))
    .orderBy(sql`md5(${refunds.id}::text || ${String(r.int(1e9))})`)
    .limit(n);
  return rows.map((row) => row.id);
}

/** One random change, in one statement, to refunds of `orderIds` (or to one of those orders). */
async function step(db: DbOrTx, r: Random, orderIds = world.orderIds): Promise<void> {
  const op = r.int(100);
  const some = (n: number) => someRefundIds(db, r, n, orderIds);
  if (op < 35) {
    await db.insert(refunds).values(Array.from({ length: 1 + r.int(4) }, () => refundValues(r, orderIds)));
  } else if (op < 65) {
    const [id] = await some(1);
    if (!id) return;
    const status = r.pick(REFUND_STATUSES);
    await db
      .update(refunds)
      .set({
        status,
        completedAt: FINAL.has(status) ? new Date(r.pick(INSTANTS)) : null,
        updatedAt: new Date(),
      })
      .where(eq(refunds.id, id));
  } else if (op < 73) {
    // Many rows in one statement, as the expiry job does.
    const ids = await some(2 + r.int(6));
    await db
      .update(refunds)
      .set({ status: 'expired', completedAt: new Date(r.pick(INSTANTS)) })
      .where(inArray(refunds.id, ids));
  } else if (op < 79) {
    const [id] = await some(1);
    if (id)
      await db
        .update(refunds)
        .set({ reason: r.pick(REFUND_REASONS), requestedBy: r.maybe(world.staffIds, 0.7) ?? null })
        .where(eq(refunds.id, id));
  } else if (op < 87) {
    // Keys unchanged: the reconciler's bookkeeping.
    const ids = await some(3);
    await db
      .update(refunds)
      .set({ nextCheckAt: new Date(), checkAttempts: sql`${refunds.checkAttempts} + 1` })
      .where(inArray(refunds.id, ids));
  } else if (op < 95) {
    // An order moves store (a terminal mapped) or wallet, refunds and all.
    const orderId = r.pick(orderIds);
    if (r.next() < 0.6) {
      const storeId = r.next() < 0.3 ? null : r.pick(world.storeIds);
      await db.update(orders).set({ storeId }).where(eq(orders.id, orderId));
    } else {
      await db
        .update(orders)
        .set({ wallet: r.pick(WALLETS) })
        .where(eq(orders.id, orderId));
    }
  } else {
    const ids = await some(1 + r.int(2));
    await db.delete(refunds).where(inArray(refunds.id, ids));
  }
}

function randomFilter(r: Random): RefundFilter {
  const from = r.maybe(DAYS, 0.4);
  const to = r.maybe(
    DAYS.filter((d) => !from || d >= from),
    0.4,
  );
  const params = {
    basis: r.pick(['requested', 'completed']),
    from,
    to,
    store: r.maybe([...world.storeIds, UNASSIGNED], 0.4),
    staff: r.maybe(world.staffIds, 0.25),
    status: r.maybe(REFUND_STATUSES, 0.3),
    wallet: r.maybe(WALLETS, 0.25),
    reason: r.maybe(REFUND_REASONS, 0.2),
  };
  return RefundFilterInput.parse(Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined)));
}

function randomScope(r: Random): StoreScope {
  const choice = r.int(4);
  if (choice === 0) return { kind: 'stores', storeIds: [world.storeIds[0]!] };
  if (choice === 1) return { kind: 'stores', storeIds: [...world.storeIds] };
  return { kind: 'all' };
}

/** Every rollup row (zeros left out) against the same keys counted from the refunds. */
async function expectTablesEqualRecount(db: Db) {
  const recount = (grain: string) =>
    sql.raw(`
    with c as (
      select 'requested' as basis, (r.requested_at at time zone 'Asia/Hong_Kong')::date as day, o.store_id, r.status,
             o.wallet, r.requested_by as staff_id, r.reason, r.amount_cents
      from refunds r join orders o on o.id = r.order_id
      union all
      select 'completed', (r.completed_at at time zone 'Asia/Hong_Kong')::date, o.store_id, r.status, o.wallet,
             r.requested_by, r.reason, r.amount_cents
      from refunds r join orders o on o.id = r.order_id where r.completed_at is not null
    )
    select ${grain}, count(*)::int as n, sum(amount_cents)::bigint::text as cents from c group by ${grain} order by ${grain}`);
  const rollup = (table: string, grain: string) =>
    sql.raw(`select basis::text, ${grain.replace('basis, ', '')}, sum(refund_count)::int as n,
       sum(amount_cents)::bigint::text as cents from ${table}
       group by basis, ${grain.replace('basis, ', '')} having sum(refund_count) <> 0 or sum(amount_cents) <> 0
       order by basis, ${grain.replace('basis, ', '')}`);
  const coarse = 'basis, day, store_id, status, wallet';
  const detail = `${coarse}, staff_id, reason`;
  const rows = async (q: ReturnType<typeof sql.raw>) => JSON.stringify(await db.execute(q).then(rowsOf));
  expect(await rows(rollup('refund_days', coarse))).toBe(await rows(recount(coarse)));
  expect(await rows(rollup('refund_days_detail', detail))).toBe(await rows(recount(detail)));
  // A single change may be negative (a refund leaving a key); no key's sum is.
  const negative = await db.execute(
    sql.raw(`select count(*)::int as n from (
        select 1 from refund_days group by ${coarse} having sum(refund_count) < 0 or sum(amount_cents) < 0
        union all
        select 1 from refund_days_detail group by ${detail} having sum(refund_count) < 0 or sum(amount_cents) < 0) x`),
  );
  expect(rowsOf(negative)[0]).toEqual({ n: 0 });
}

function rowsOf(result: unknown): Array<Record<string, unknown>> {
  return (Array.isArray(result) ? result : (result as { rows: Array<Record<string, unknown>> }).rows).map((row) => ({
    ...row,
    day: row.day instanceof Date ? row.day.toISOString().slice(0, 10) : row.day,
  }));
}

async function expectReadsEqualRecount(db: Db, r: Random, filters: number) {
  for (let i = 0; i < filters; i += 1) {
    const filter = randomFilter(r);
    const scope = randomScope(r);
    expect(rollupFor(filter)).not.toBeNull();
    const context = JSON.stringify({ filter, scope });
    expect(await getRefundTotals(db, scope, filter), context).toEqual(await getRefundTotalsExact(db, scope, filter));
    expect(await getRefundDaily(db, scope, filter), context).toEqual(await getRefundDailyExact(db, scope, filter));
  }
}

describe('finance rollups', () => {
  it.each([11, 23, 37])('equal a full recount after a random sequence of refund changes (seed %i)', async (seed) => {
    const db = database.db;
    const r = random(seed);
    for (let i = 0; i < 120; i += 1) {
      await step(db, r);
      if (i % 30 === 29) await compactRefundDays(db);
      if (i % 20 === 19) await expectReadsEqualRecount(db, r, 12);
    }
    await expectTablesEqualRecount(db);
  });

  it('equal a full recount after writers and compactions run at once over the same keys', async () => {
    const db = database.db;
    // On Postgres each writer has its own connection (a pool of many); PGlite has one, and they
    // take turns. Each writer changes refunds of its own orders — as instances do, each under its
    // orders' locks — whose keys (stores, wallets, days) all writers share; two compactions run
    // beside them, as two instances' workers may.
    const perWriter = world.orderIds.length / 4;
    const writers = Array.from({ length: 4 }, (_, w) =>
      (async () => {
        const r = random(1000 + w);
        const mine = world.orderIds.slice(w * perWriter, (w + 1) * perWriter);
        for (let i = 0; i < 20; i += 1) {
          await db.transaction(async (tx) => {
            // Several statements in one transaction: a writer holding rows of one key while it
            // writes another could deadlock with its mirror image if the rollups were updated in place.
            await step(tx, r, mine);
            await step(tx, r, mine);
            await step(tx, r, mine);
          });
        }
      })(),
    );
    const compactions = Array.from({ length: 2 }, () =>
      (async () => {
        for (let i = 0; i < 10; i += 1) await compactRefundDays(db);
      })(),
    );
    const outcomes = await Promise.allSettled([...writers, ...compactions]);
    expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
    await expectTablesEqualRecount(db);
    await expectReadsEqualRecount(db, random(99), 25);
  });

  it('fold each key into one row, with the same figures', async () => {
    const db = database.db;
    const r = random(77);
    for (let i = 0; i < 40; i += 1) await step(db, r);
    await compactRefundDays(db);
    const keysWithMoreRows = await db.execute(sql`select count(*)::int as n from (
        select 1 from refund_days group by basis, day, store_id, status, wallet having count(*) > 1
        union all
        select 1 from refund_days_detail group by basis, day, store_id, status, wallet, staff_id, reason
        having count(*) > 1) x`);
    expect(rowsOf(keysWithMoreRows)[0]).toEqual({ n: 0 });
    const unfolded = await db.execute(sql`select
        (select count(*) from refund_days where not folded)::int +
        (select count(*) from refund_days_detail where not folded)::int as n`);
    expect(rowsOf(unfolded)[0]).toEqual({ n: 0 });
    await expectTablesEqualRecount(db);
    // Nothing left to fold: a second run replaces nothing.
    expect(await compactRefundDays(db)).toBe(0);
  });

  it('leave the rollups as they were when a transaction rolls back', async () => {
    const db = database.db;
    const before = await db.execute(sql`select sum(refund_count)::int as n from refund_days`).then(rowsOf);
    await expect(
      db.transaction(async (tx) => {
        await step(tx, random(5));
        await tx.insert(refunds).values(refundValues(random(6)));
        throw new Error('abandoned');
      }),
    ).rejects.toThrow('abandoned');
    expect(await db.execute(sql`select sum(refund_count)::int as n from refund_days`).then(rowsOf)).toEqual(before);
    await expectTablesEqualRecount(db);
  });

  it('answer every filter but an amount range and a number, which the refunds themselves answer', () => {
    const parse = (params: Record<string, string>) => RefundFilterInput.parse(params);
    expect(rollupFor(parse({}))).not.toBeNull();
    expect(rollupFor(parse({ staff: world.staffIds[0]!, reason: 'other' }))).not.toBeNull();
    expect(rollupFor(parse({ min: '10.00' }))).toBeNull();
    expect(rollupFor(parse({ max: '10.00' }))).toBeNull();
    expect(rollupFor(parse({ q: world.tag }))).toBeNull();
  });
});
