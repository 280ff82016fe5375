import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { scopeFor } from '@/lib/auth/scope';
import { type OrderListFilters, resolveOrderFilters } from '@/lib/orders/filters';
import { hasExactIdMatch, listOrders, listOrdersQuery } from '@/lib/orders/list';
import { makeStore } from '../../support/fixtures';
import { testDatabaseForFile } from '../../support/harness';
import { uniqueNo } from '../../support/unique';
import { insertOrder } from './helpers';

const database = testDatabaseForFile();
let storeA: Awaited<ReturnType<typeof makeStore>>;
let storeB: Awaited<ReturnType<typeof makeStore>>;
const all = { kind: 'all' } as const;
let managerA: ReturnType<typeof scopeFor>;

// Every order of this file is tagged with one prefix, so the search in `ids()` sees only them.
const TAG = uniqueNo('LT');
const at = (iso: string) => new Date(iso);

let fixtures: Record<string, string>;

beforeAll(async () => {
  const db = database.db;
  storeA = await makeStore(db);
  storeB = await makeStore(db);
  managerA = scopeFor('manager', [storeA.id]);
  const o = (name: string, values: Parameters<typeof insertOrder>[1]) =>
    insertOrder(db, { outTradeNo: `${TAG}-${name}`, ...values }).then((row) => [name, row.id] as const);
  fixtures = Object.fromEntries(
    await Promise.all([
      o('a-paid', {
        storeId: storeA.id,
        eftpayTradeNo: `EP${TAG}A1`,
        transactionId: `TX${TAG}A1`,
        wallet: 'ALIPAYHK',
        status: 'paid',
        amountCents: 12_345,
        createdAt: at('2026-03-01T08:00:00Z'),
      }),
      o('a-unpaid', {
        storeId: storeA.id,
        wallet: 'WECHATHK',
        status: 'unpaid',
        amountCents: 5_000,
        createdAt: at('2026-03-01T09:00:00Z'),
      }),
      o('a-refunded', {
        storeId: storeA.id,
        eftpayTradeNo: `EP${TAG}A3`,
        wallet: 'PAYME',
        status: 'fully_refunded',
        amountCents: 20_000,
        refundedCents: 20_000,
        createdAt: at('2026-03-03T02:00:00Z'),
      }),
      o('a-partly', {
        storeId: storeA.id,
        wallet: 'ALIPAYHK',
        status: 'partly_refunded',
        amountCents: 30_000,
        refundedCents: 1_000,
        createdAt: at('2026-03-04T02:00:00Z'),
      }),
      o('a-closed', { storeId: storeA.id, status: 'closed', createdAt: at('2026-03-05T02:00:00Z') }),
      o('a-failed', { storeId: storeA.id, status: 'failed', createdAt: at('2026-03-06T02:00:00Z') }),
      o('b-paid', {
        storeId: storeB.id,
        eftpayTradeNo: `EP${TAG}B1`,
        transactionId: `TX${TAG}B1`,
        wallet: 'ALIPAYHK',
        status: 'paid',
        amountCents: 12_345,
        createdAt: at('2026-03-01T08:30:00Z'),
      }),
      o('unassigned', { storeId: null, tid: 'T-NOBODY', status: 'paid', createdAt: at('2026-03-02T08:30:00Z') }),
      // 00:30 on 2 March in Hong Kong is still 1 March in UTC.
      o('hk-midnight', { storeId: storeA.id, status: 'paid', createdAt: at('2026-03-01T16:30:00Z') }),
      o('hk-last-microsecond', {
        storeId: storeA.id,
        status: 'paid',
        // The last microsecond of 1 March in Hong Kong (a JS Date could not even say it).
        createdAt: sql`'2026-03-01T15:59:59.999999Z'::timestamptz` as unknown as Date,
      }),
    ]),
  );
});

/** Names of this file's orders that the list returns, newest first. */
async function names(scope: Parameters<typeof listOrders>[1], filters: OrderListFilters = {}) {
  const page = await listOrders(database.db, scope, { q: `${TAG}-`, ...filters }, null, { pageSize: 100 });
  const byId = Object.fromEntries(Object.entries(fixtures).map(([name, id]) => [id, name]));
  return page.rows.map((r) => byId[r.id] ?? r.id);
}

function filtersFor(params: Partial<Record<string, string>>) {
  const { filters, fieldErrors } = resolveOrderFilters(
    {
      q: null,
      status: null,
      wallet: null,
      store: null,
      range: null,
      from: null,
      to: null,
      min: null,
      max: null,
      ...params,
    },
    at('2026-03-06T04:00:00Z'),
  );
  expect(fieldErrors).toEqual({});
  return filters;
}

describe('listOrders: store scope', () => {
  it('shows a store manager only the orders of their stores, never unassigned ones', async () => {
    const shown = await names(managerA);
    expect(shown).not.toContain('b-paid');
    expect(shown).not.toContain('unassigned');
    expect(shown).toContain('a-paid');
  });

  it('shows admin and finance every store and the unassigned orders', async () => {
    const shown = await names(all);
    expect(shown).toEqual(expect.arrayContaining(['a-paid', 'b-paid', 'unassigned']));
    expect(await names(scopeFor('finance', []))).toEqual(shown);
  });

  it("returns nothing when a manager asks for another store's orders by store filter", async () => {
    expect(await names(managerA, { storeId: storeB.id })).toEqual([]);
  });

  it('returns nothing for a store-scoped caller without stores', async () => {
    expect(await names(scopeFor('manager', []))).toEqual([]);
  });
});

describe('listOrders: search', () => {
  const search = (scope: Parameters<typeof listOrders>[1], q: string) =>
    listOrders(database.db, scope, { q }, null).then((p) => p.rows.map((r) => r.outTradeNo));

  it('finds an order by our order number, exactly and by its first characters', async () => {
    expect(await search(managerA, `${TAG}-a-paid`)).toEqual([`${TAG}-a-paid`]);
    expect(await search(managerA, `${TAG}-a-pai`)).toEqual([`${TAG}-a-paid`]);
  });

  it("finds an order by eftPay's order number and by the wallet transaction id", async () => {
    expect(await search(managerA, `EP${TAG}A1`)).toEqual([`${TAG}-a-paid`]);
    expect(await search(managerA, `TX${TAG}A1`)).toEqual([`${TAG}-a-paid`]);
    expect(await search(managerA, `EP${TAG}A`)).toEqual([`${TAG}-a-refunded`, `${TAG}-a-paid`]);
  });

  it("never finds another store's order, even by its exact number", async () => {
    expect(await search(managerA, `${TAG}-b-paid`)).toEqual([]);
    expect(await search(managerA, `EP${TAG}B1`)).toEqual([]);
    expect(await search(managerA, `TX${TAG}B1`)).toEqual([]);
    expect(await search(all, `TX${TAG}B1`)).toEqual([`${TAG}-b-paid`]);
  });

  it('treats % and _ as literal characters, not wildcards', async () => {
    expect(await search(all, '%')).toEqual([]);
    expect(await search(all, `${TAG}_a`)).toEqual([]);
    expect(await search(all, `${TAG.slice(0, 3)}%`)).toEqual([]);
    const literal = await insertOrder(database.db, { storeId: storeA.id, outTradeNo: `${TAG}%_\\x` });
    expect(await search(all, `${TAG}%_\\`)).toEqual([literal.outTradeNo]);
  });

  it('tells whether an order in scope carries the exact number (for "Find at eftPay")', async () => {
    expect(await hasExactIdMatch(database.db, managerA, `${TAG}-a-paid`)).toBe(true);
    expect(await hasExactIdMatch(database.db, managerA, `EP${TAG}A1`)).toBe(true);
    expect(await hasExactIdMatch(database.db, managerA, `TX${TAG}A1`)).toBe(true);
    expect(await hasExactIdMatch(database.db, managerA, `${TAG}-a-pa`)).toBe(false);
    expect(await hasExactIdMatch(database.db, managerA, `${TAG}-b-paid`)).toBe(false);
  });

  it('returns the same rows whichever plan a search takes (narrow or broad)', async () => {
    const filters = { q: TAG };
    const narrow = await listOrdersQuery(database.db, all, filters, null, { broadSearch: false });
    const broad = await listOrdersQuery(database.db, all, filters, null, { broadSearch: true });
    expect(narrow.map((r) => r.id)).toEqual(broad.map((r) => r.id));
    expect(narrow.length).toBeGreaterThan(5);
  });
});

describe('listOrders: filters', () => {
  it('filters by each status', async () => {
    expect(await names(managerA, { status: 'unpaid' })).toEqual(['a-unpaid']);
    expect(await names(managerA, { status: 'fully_refunded' })).toEqual(['a-refunded']);
    expect(await names(managerA, { status: 'partly_refunded' })).toEqual(['a-partly']);
    expect(await names(managerA, { status: 'closed' })).toEqual(['a-closed']);
    expect(await names(managerA, { status: 'failed' })).toEqual(['a-failed']);
    expect(await names(managerA, { status: 'paid' })).toEqual(['hk-midnight', 'hk-last-microsecond', 'a-paid']);
  });

  it('filters by wallet', async () => {
    expect(await names(managerA, { wallet: 'PAYME' })).toEqual(['a-refunded']);
    expect(await names(managerA, { wallet: 'WECHATHK' })).toEqual(['a-unpaid']);
  });

  it('filters by store, and by "unassigned" for all-store roles', async () => {
    expect(await names(all, filtersFor({ store: storeB.id }))).toEqual(['b-paid']);
    expect(await names(all, filtersFor({ store: 'unassigned' }))).toEqual(['unassigned']);
    expect(await names(managerA, filtersFor({ store: 'unassigned' }))).toEqual([]);
  });

  it('filters by amount range in HKD, bounds included', async () => {
    expect(await names(all, filtersFor({ min: '123.45', max: '123.45' }))).toEqual(['b-paid', 'a-paid']);
    expect(await names(managerA, filtersFor({ min: '200' }))).toEqual(['a-partly', 'a-refunded']);
    expect(await names(managerA, filtersFor({ max: '50.00' }))).toEqual(['a-unpaid']);
    expect(await names(managerA, filtersFor({ min: '1,000' }))).toEqual([]);
  });

  it('filters by Hong Kong day: an order at 00:30 HKT on the 2nd is in the 2nd, not the 1st', async () => {
    expect(await names(managerA, filtersFor({ from: '2026-03-02', to: '2026-03-02' }))).toEqual(['hk-midnight']);
    expect(await names(managerA, filtersFor({ from: '2026-03-01', to: '2026-03-01' }))).toEqual([
      'hk-last-microsecond',
      'a-unpaid',
      'a-paid',
    ]);
    expect(await names(managerA, filtersFor({ from: '2026-03-05' }))).toEqual(['a-failed', 'a-closed']);
    expect(await names(managerA, filtersFor({ to: '2026-03-01' }))).toEqual([
      'hk-last-microsecond',
      'a-unpaid',
      'a-paid',
    ]);
  });

  it('filters by date preset relative to now in Hong Kong', async () => {
    // "now" is 12:00 HKT on 6 March: yesterday is the 5th, last 7 days are 28 Feb – 6 Mar.
    expect(await names(managerA, filtersFor({ range: 'today' }))).toEqual(['a-failed']);
    expect(await names(managerA, filtersFor({ range: 'yesterday' }))).toEqual(['a-closed']);
    expect(await names(managerA, filtersFor({ range: 'last7' }))).toHaveLength(8);
    expect(await names(managerA, filtersFor({ range: 'thisMonth' }))).toHaveLength(8);
  });

  it('combines filters', async () => {
    expect(
      await names(
        all,
        filtersFor({
          status: 'paid',
          wallet: 'ALIPAYHK',
          store: storeA.id,
          from: '2026-03-01',
          to: '2026-03-01',
          min: '120',
          max: '200',
        }),
      ),
    ).toEqual(['a-paid']);
  });
});

describe('resolveOrderFilters', () => {
  const resolve = (params: Partial<Record<string, string>>) =>
    resolveOrderFilters(
      {
        q: null,
        status: null,
        wallet: null,
        store: null,
        range: null,
        from: null,
        to: null,
        min: null,
        max: null,
        ...params,
      },
      at('2026-03-06T04:00:00Z'),
    );

  it('reports bad values per field and leaves them out of the query', () => {
    const { filters, fieldErrors } = resolve({
      status: 'refunded',
      wallet: 'VISA',
      store: 'CWB',
      from: '2026-02-30',
      min: '12.345',
      max: '-1',
    });
    expect(filters).toEqual({});
    expect(Object.keys(fieldErrors).sort()).toEqual(['from', 'max', 'min', 'status', 'store', 'wallet']);
  });

  it('refuses a range that ends before it starts, and amounts the wrong way round', () => {
    const { filters, fieldErrors } = resolve({ from: '2026-03-05', to: '2026-03-01', min: '20', max: '10' });
    expect(filters).toEqual({});
    expect(Object.keys(fieldErrors).sort()).toEqual(['max', 'to']);
  });

  it('turns Hong Kong days into half-open UTC instants', () => {
    const { filters } = resolve({ from: '2026-03-02', to: '2026-03-02', q: '  MC123 ' });
    expect(filters).toEqual({
      q: 'MC123',
      createdFrom: at('2026-03-01T16:00:00Z'),
      createdBefore: at('2026-03-02T16:00:00Z'),
    });
  });

  it('lets a preset win over typed days', () => {
    const { filters } = resolve({ range: 'today', from: '2020-01-01', to: '2020-01-02' });
    expect(filters.createdFrom).toEqual(at('2026-03-05T16:00:00Z'));
    expect(filters.createdBefore).toEqual(at('2026-03-06T16:00:00Z'));
  });
});
