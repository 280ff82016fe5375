import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { scopeFor } from '@/lib/auth/scope';
import { decodeCursor, encodeCursor } from '@/lib/orders/cursor';
import { listOrders } from '@/lib/orders/list';
import { makeStore } from '../../support/fixtures';
import { testDatabaseForFile } from '../../support/harness';
import { insertOrder } from './helpers';

const database = testDatabaseForFile();
let store: Awaited<ReturnType<typeof makeStore>>;
let scope: ReturnType<typeof scopeFor>;

beforeAll(async () => {
  store = await makeStore(database.db);
  scope = scopeFor('manager', [store.id]);
});

/** Walks every page; `between` runs after each fetch (e.g. new orders arriving). */
async function walk(pageSize: number, between: (page: number) => Promise<void> = async () => {}) {
  const seen: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 100; page += 1) {
    const result = await listOrders(database.db, scope, {}, cursor, { pageSize });
    seen.push(...result.rows.map((r) => r.id));
    await between(page);
    if (!result.nextCursor) return seen;
    cursor = result.nextCursor;
  }
  throw new Error('did not reach the last page');
}

describe('keyset pagination of the orders list', () => {
  it('walks every order exactly once, newest first, across ties and microsecond gaps', async () => {
    const base = Date.parse('2026-04-01T00:00:00Z');
    const expected: Array<{ id: string; at: string }> = [];
    for (let i = 0; i < 23; i += 1) {
      // Groups of three share one instant (ties broken by id); the groups are 1 µs apart.
      const micros = Math.floor(i / 3);
      const iso = new Date(base).toISOString().replace('.000Z', `.${String(micros).padStart(6, '0')}Z`);
      const row = await insertOrder(database.db, {
        storeId: store.id,
        createdAt: sql`${iso}::timestamptz` as unknown as Date,
      });
      expected.push({ id: row.id, at: iso });
    }
    expected.sort((a, b) => (a.at === b.at ? (a.id < b.id ? 1 : -1) : a.at < b.at ? 1 : -1));

    const seen = await walk(5);
    expect(seen).toEqual(expected.map((e) => e.id));
  });

  it('neither repeats nor skips a row while newer orders arrive between pages', async () => {
    const before = await walk(1_000);
    const arrivals: string[] = [];
    // Each arrival is strictly newer than the one before: two inserts within one millisecond would
    // otherwise tie, and a tie is ordered by id, not by arrival.
    let clock = Date.now();
    const seen = await walk(4, async () => {
      // Two new orders land after every page, newer than everything listed so far.
      for (let k = 0; k < 2; k += 1) {
        clock += 1;
        const row = await insertOrder(database.db, { storeId: store.id, createdAt: new Date(clock) });
        arrivals.push(row.id);
      }
    });
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(before);
    // And the next walk from the top sees them, newest first.
    const after = await walk(1_000);
    expect(after.slice(0, arrivals.length)).toEqual([...arrivals].reverse());
    expect(after.slice(arrivals.length)).toEqual(before);
  });

  it('carries the timestamp at full microsecond precision in the cursor', async () => {
    const newest = await insertOrder(database.db, {
      storeId: store.id,
      createdAt: sql`'2030-01-01T00:00:00.123456Z'::timestamptz` as unknown as Date,
    });
    const page = await listOrders(database.db, scope, {}, null, { pageSize: 1 });
    const cursor = decodeCursor(page.nextCursor);
    expect(cursor?.createdAt).toMatch(/\.123456/);
    expect(cursor?.id).toBe(newest.id);
  });

  it('starts again from the top for a malformed or tampered cursor', async () => {
    const first = await listOrders(database.db, scope, {}, null, { pageSize: 3 });
    for (const bad of [
      'not-a-cursor',
      encodeCursor({ createdAt: "2026-01-01'; drop table orders; --", id: first.rows[0]!.id }),
      encodeCursor({ createdAt: '2026-01-01 00:00:00+00', id: 'x' }),
    ]) {
      const page = await listOrders(database.db, scope, {}, bad, { pageSize: 3 });
      expect(page.rows.map((r) => r.id)).toEqual(first.rows.map((r) => r.id));
    }
  });
});
