import { beforeAll, describe, expect, it } from 'vitest';
import { scopeFor } from '@/lib/auth/scope';
import { readSearchAmount } from '@/lib/orders/filters';
import { hasExactIdMatch, listOrders, soleExactMatch } from '@/lib/orders/list';
import { makeStore } from '../../support/fixtures';
import { testDatabaseForFile } from '../../support/harness';
import { uniqueNo } from '../../support/unique';
import { insertOrder } from './helpers';

const database = testDatabaseForFile();
const all = { kind: 'all' } as const;
let manager: ReturnType<typeof scopeFor>;
let storeA: string;
let storeB: string;

// The three numbers as staff see them on a receipt; the wallet's id is stored in lower case.
const TAG = uniqueNo('S').slice(0, 12);
const NO = {
  a1: { out: `MC${TAG}K9P3Q1`, ep: `EP${TAG}Z7Y6W5`, tx: `4200${TAG.toLowerCase()}h8g7f6` },
  a2: { out: `MC${TAG}R4T5U6`, ep: `EP${TAG}M1N2B3`, tx: `4200${TAG.toLowerCase()}001847` },
  b1: { out: `MC${TAG}J2K3L4`, ep: `EP${TAG}C5D6E7`, tx: `4200${TAG.toLowerCase()}q9w8e7` },
};
const ids: Record<string, string> = {};

beforeAll(async () => {
  const db = database.db;
  storeA = (await makeStore(db)).id;
  storeB = (await makeStore(db)).id;
  manager = scopeFor('manager', [storeA]);
  const add = async (name: string, values: Parameters<typeof insertOrder>[1]) => {
    ids[name] = (await insertOrder(db, values)).id;
  };
  const numbers = (n: (typeof NO)[keyof typeof NO]) => ({
    outTradeNo: n.out,
    eftpayTradeNo: n.ep,
    transactionId: n.tx,
  });
  await add('a1', {
    storeId: storeA,
    ...numbers(NO.a1),
    amountCents: 18_470,
    createdAt: new Date('2026-05-01T02:00Z'),
  });
  await add('a2', {
    storeId: storeA,
    ...numbers(NO.a2),
    amountCents: 18_470,
    createdAt: new Date('2026-05-02T02:00Z'),
  });
  await add('b1', {
    storeId: storeB,
    ...numbers(NO.b1),
    amountCents: 18_470,
    createdAt: new Date('2026-05-03T02:00Z'),
  });
  await add('a-big', { storeId: storeA, amountCents: 123_450, createdAt: new Date('2026-05-04T02:00Z') });
  await add('a-1847', { storeId: storeA, amountCents: 184_700, createdAt: new Date('2026-05-05T02:00Z') });
  await add('a-unpaid', { storeId: storeA, status: 'unpaid', amountCents: 1_847 });
  await add('a-literal', { storeId: storeA, outTradeNo: `MC${TAG}Q%_\\z` });
});

const byId = () => Object.fromEntries(Object.entries(ids).map(([name, id]) => [id, name]));
async function found(scope: Parameters<typeof listOrders>[1], q: string) {
  const page = await listOrders(database.db, scope, { q }, null, { pageSize: 100 });
  const names = byId();
  return page.rows.map((r) => names[r.id] ?? r.outTradeNo);
}

describe('search: numbers as staff read them', () => {
  it('finds each kind of number typed in full in lower case', async () => {
    for (const n of Object.values(NO.a1)) expect(await found(manager, n.toLowerCase())).toEqual(['a1']);
    expect(await found(manager, NO.a1.tx.toUpperCase())).toEqual(['a1']);
  });

  it('finds each kind of number by its start in any case', async () => {
    expect(await found(manager, `mc${TAG.toLowerCase()}k9`)).toEqual(['a1']);
    expect(await found(manager, `Ep${TAG}m1`)).toEqual(['a2']);
    expect(await found(manager, `4200${TAG}`)).toEqual(['a2', 'a1']);
  });

  it('finds each kind of number by its last 6 characters, in any case', async () => {
    expect(await found(manager, 'k9p3q1')).toEqual(['a1']);
    expect(await found(manager, 'Z7Y6W5')).toEqual(['a1']);
    expect(await found(manager, 'H8G7F6')).toEqual(['a1']);
    expect(await found(manager, 'r4t5u6')).toEqual(['a2']);
    expect(await found(manager, 'm1n2b3')).toEqual(['a2']);
    expect(await found(manager, '001847')).toEqual(['a2']);
  });

  it('searches the end from 4 characters on, never from fewer', async () => {
    expect(await found(manager, 'p3q1')).toEqual(['a1']);
    expect(await found(manager, '3q1')).toEqual([]);
  });

  it('reads digits alone as a number, not as an amount', async () => {
    // a2's wallet id ends in 1847; a-1847 is HK$1,847.00 and a-unpaid HK$18.47: neither is found.
    expect(await found(manager, '1847')).toEqual(['a2']);
    expect(await found(manager, '18470')).toEqual([]);
  });

  it('treats % _ and \\ at the end as literal characters too', async () => {
    expect(await found(all, '%_\\Z')).toEqual(['a-literal']);
    expect(await found(all, '%__z')).toEqual([]);
    expect(await found(all, '%%%%')).toEqual([]);
    expect(await found(all, '____')).toEqual([]);
  });

  it("never finds another store's order by its number, its start or its end", async () => {
    for (const q of [NO.b1.out.toLowerCase(), NO.b1.ep, 'q9w8e7', 'J2K3L4', `ep${TAG}c5`]) {
      expect(await found(manager, q)).toEqual([]);
      expect(await found(all, q)).toEqual(['b1']);
    }
  });

  it('tells whether an order in scope carries the number, whatever its case', async () => {
    expect(await hasExactIdMatch(database.db, manager, NO.a1.out.toLowerCase())).toBe(true);
    expect(await hasExactIdMatch(database.db, manager, NO.a1.tx.toUpperCase())).toBe(true);
    expect(await hasExactIdMatch(database.db, manager, 'k9p3q1')).toBe(false);
    expect(await hasExactIdMatch(database.db, manager, NO.b1.out)).toBe(false);
  });
});

describe('search: amounts', () => {
  it('finds the orders of an amount typed in each form, newest first, in scope', async () => {
    for (const q of ['184.70', '184.7', 'HK$184.70', 'hk$184.70', 'HKD 184.70', 'HKD184.70', '$184.70', ' $ 184.7 ']) {
      expect(await found(manager, q.trim()), q).toEqual(['a2', 'a1']);
      expect(await found(all, q.trim()), q).toEqual(['b1', 'a2', 'a1']);
    }
  });

  it('reads thousands commas, and a currency mark on whole dollars', async () => {
    expect(await found(manager, '1,234.50')).toEqual(['a-big']);
    expect(await found(manager, 'HK$1,847')).toEqual(['a-1847']);
    expect(await found(manager, '1847.00')).toEqual(['a-1847']);
    expect(await found(manager, '18.47')).toEqual(['a-unpaid']);
  });

  it('says which texts are amounts', () => {
    expect(readSearchAmount('184.70')).toBe(18_470);
    expect(readSearchAmount('HKD 1,234.5')).toBe(123_450);
    expect(readSearchAmount('12,345')).toBe(1_234_500);
    for (const q of ['1847', '184.', '184.705', '1,23.40', 'HK$', 'HKD-1', '123456.00', '1 847.00', 'MC184.70']) {
      expect(readSearchAmount(q), q).toBeNull();
    }
  });
});

describe('soleExactMatch: the order to open straight away', () => {
  const sole = (scope: Parameters<typeof soleExactMatch>[1], q: string, extra = {}) =>
    soleExactMatch(database.db, scope, { q, ...extra });

  it('is the order whose number the search is exactly, in any case', async () => {
    expect(await sole(manager, NO.a1.out.toLowerCase())).toBe(ids.a1);
    expect(await sole(manager, NO.a2.ep)).toBe(ids.a2);
    expect(await sole(all, NO.b1.tx.toUpperCase())).toBe(ids.b1);
  });

  it('is nothing for a start, an end, an amount, or several matches', async () => {
    expect(await sole(manager, NO.a1.out.slice(0, -1))).toBeNull();
    expect(await sole(manager, 'k9p3q1')).toBeNull();
    expect(await sole(manager, '184.70')).toBeNull();
    expect(await sole(manager, `4200${TAG}`)).toBeNull();
  });

  it('is nothing outside the scope or the other filters', async () => {
    expect(await sole(manager, NO.b1.out)).toBeNull();
    expect(await sole(manager, NO.a1.out, { status: 'unpaid' })).toBeNull();
    expect(await sole(manager, NO.a1.out, { status: 'paid' })).toBe(ids.a1);
  });
});
