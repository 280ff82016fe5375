import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { orders } from '@/db/schema';
import { listUnpaidForClose } from '@/lib/close/list-unpaid';
import { makeStore } from '../../support/fixtures';
import { testDatabaseForFile } from '../../support/harness';
import { insertOrder } from '../orders/helpers';

const database = testDatabaseForFile();

const now = new Date('2026-03-02T04:00:00Z');
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);

describe('listUnpaidForClose', () => {
  it('lists the caller’s unpaid orders older than the threshold, oldest first, with store and wallet facts', async () => {
    const db = database.db;
    const store = await makeStore(db);
    const other = await makeStore(db);
    const old = await insertOrder(db, { storeId: store.id, status: 'unpaid', createdAt: minutesAgo(90) });
    const older = await insertOrder(db, {
      storeId: store.id,
      status: 'unpaid',
      createdAt: minutesAgo(300),
      wallet: 'PAYME',
    });
    const edge = await insertOrder(db, { storeId: store.id, status: 'unpaid', createdAt: minutesAgo(15) });
    const young = await insertOrder(db, { storeId: store.id, status: 'unpaid', createdAt: minutesAgo(5) });
    await insertOrder(db, { storeId: store.id, status: 'paid', createdAt: minutesAgo(60) });
    await insertOrder(db, { storeId: store.id, status: 'closed', createdAt: minutesAgo(60) });
    await insertOrder(db, { storeId: other.id, status: 'unpaid', createdAt: minutesAgo(60) });
    await insertOrder(db, { storeId: null, status: 'unpaid', createdAt: minutesAgo(60) });
    const scope = { kind: 'stores', storeIds: [store.id] } as const;

    const page = await listUnpaidForClose(db, scope, { now, minAgeMinutes: 15 });

    expect(page.rows.map((r) => r.id)).toEqual([older.id, old.id, edge.id]);
    expect(page.nextCursor).toBeNull();
    expect(page.rows[0]).toMatchObject({
      outTradeNo: older.outTradeNo,
      storeName: store.name,
      wallet: 'PAYME',
      amountCents: 10_000,
      currency: 'HKD',
      closeService: false,
      tooYoung: false,
    });
    expect(page.rows[1]).toMatchObject({ closeService: true, tooYoung: false });

    const withYounger = await listUnpaidForClose(db, scope, { now, minAgeMinutes: 15, includeYounger: true });
    expect(withYounger.rows.map((r) => [r.id, r.tooYoung])).toEqual([
      [older.id, false],
      [old.id, false],
      [edge.id, false],
      [young.id, true],
    ]);

    // Admins see every store and the unassigned orders.
    const all = await listUnpaidForClose(db, { kind: 'all' }, { now, minAgeMinutes: 15 });
    expect(all.rows).toHaveLength(5);
    // A store-less scope sees nothing.
    expect((await listUnpaidForClose(db, { kind: 'stores', storeIds: [] }, { now, minAgeMinutes: 15 })).rows).toEqual(
      [],
    );
  });

  it('pages by keyset without repeating or skipping rows that share a timestamp', async () => {
    const db = database.db;
    const store = await makeStore(db);
    const at = minutesAgo(120);
    const made = [];
    for (let i = 0; i < 5; i += 1)
      made.push(await insertOrder(db, { storeId: store.id, status: 'unpaid', createdAt: at }));
    await db
      .update(orders)
      .set({ createdAt: minutesAgo(200) })
      .where(eq(orders.id, made[4]!.id));
    const scope = { kind: 'stores', storeIds: [store.id] } as const;

    const seen: string[] = [];
    let cursor: string | null = null;
    for (let guard = 0; guard < 10; guard += 1) {
      const page = await listUnpaidForClose(db, scope, { now, minAgeMinutes: 15, cursor, pageSize: 2 });
      seen.push(...page.rows.map((r) => r.id));
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    expect(seen[0]).toBe(made[4]!.id);

    // A tampered cursor starts from the top again.
    const fresh = await listUnpaidForClose(db, scope, { now, minAgeMinutes: 15, cursor: 'bm9wZQ', pageSize: 2 });
    expect(fresh.rows[0]?.id).toBe(made[4]!.id);
  });
});
