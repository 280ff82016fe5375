import { type SQLWrapper, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DbOrTx } from '@/db/connect';
import { type StoreScope, scopeFor } from '@/lib/auth/scope';
import { listOrdersQuery, listOrdersStatement } from '@/lib/orders/list';
import { broadSearchQuery } from '@/lib/orders/search';
import { makeStore } from '../../support/fixtures';
import { testDatabaseForFile } from '../../support/harness';

/**
 * Every search shape can be answered from an index, on PGlite and on Postgres. A table this small
 * would be read whole whatever the indexes, so sequential scans are priced out (`enable_seqscan =
 * off`): a shape no index can serve still plans a `Seq Scan on orders`, and the test fails.
 */
const database = testDatabaseForFile();
let scopes: Record<'manager' | 'admin', StoreScope>;

beforeAll(async () => {
  const mine = await makeStore(database.db);
  const other = await makeStore(database.db);
  scopes = { manager: scopeFor('manager', [mine.id]), admin: { kind: 'all' } };
  // The manager's store holds a small part of the orders, as at a real merchant, so that the
  // store's time index is not a better answer than the search's own indexes.
  await database.db.execute(sql`
    insert into orders (out_trade_no, eftpay_trade_no, transaction_id, wallet, store_id, amount_cents, status)
    select 'MCPLAN' || lpad(i::text, 6, '0'), 'EPPLAN' || i, 'txplan' || i, 'ALIPAYHK',
           case when i % 10 = 0 then ${mine.id}::uuid else ${other.id}::uuid end, 10000 + i, 'paid'
    from generate_series(1, 400) as i`);
  // …among many other orders whose numbers start and end otherwise, so that each search above
  // matches a small part of the table, as at a real merchant — with true statistics for every
  // search expression (migration 0009) a search that matched every row would rightly read them all.
  await database.db.execute(sql`
    insert into orders (out_trade_no, eftpay_trade_no, transaction_id, wallet, store_id, amount_cents, status)
    select 'DM' || md5(i::text), 'E' || md5('e' || i), 'W' || md5('w' || i), 'WECHATHK',
           ${other.id}::uuid, 20000 + i, 'paid'
    from generate_series(1, 30000) as i`);
  // Statistics are the table owner's to gather (the runtime role's ANALYZE is skipped with a warning).
  await (await database.asOwner()).db.execute(sql`analyze orders`);
});

async function planOf(query: SQLWrapper): Promise<string> {
  return database.db.transaction(async (tx) => {
    await tx.execute(sql`set local enable_seqscan = off`);
    const result = await tx.execute(sql`explain ${query}`);
    const rows = (result as unknown as { rows: Array<Record<string, string>> }).rows;
    await tx.execute(sql`reset enable_seqscan`);
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  });
}

const list = (db: DbOrTx, scope: StoreScope, q: string, broadSearch = false) =>
  listOrdersQuery(db, scope, { q }, null, { broadSearch });

const PREFIX_INDEXES = [
  'orders_out_trade_no_upper_idx',
  'orders_eftpay_trade_no_upper_idx',
  'orders_transaction_id_upper_idx',
];
const SUFFIX_INDEXES = [
  'orders_out_trade_no_suffix_idx',
  'orders_eftpay_trade_no_suffix_idx',
  'orders_transaction_id_suffix_idx',
];

describe('search plans: every shape is index-backed', () => {
  const shapes = [
    { name: 'lower-case exact number', q: 'mcplan000070', indexes: [...PREFIX_INDEXES, ...SUFFIX_INDEXES] },
    { name: 'lower-case prefix', q: 'eppl', indexes: PREFIX_INDEXES },
    { name: 'suffix of our no.', q: '000070', indexes: SUFFIX_INDEXES },
    { name: 'suffix of the wallet id', q: 'PLAN70', indexes: SUFFIX_INDEXES },
    { name: 'short prefix (no suffix search)', q: 'tx', indexes: PREFIX_INDEXES },
  ];
  // A prefix that 400 orders share: walking the time index newest first until a page is full is
  // as good an answer as the search indexes, and the planner, knowing the match count, may take it.
  const WIDE = new Set(['eppl', 'tx']);
  for (const shape of shapes) {
    for (const who of ['manager', 'admin'] as const) {
      it(`${shape.name} (${who}): the list, narrow and broad, and the match count`, async () => {
        const lists = [list(database.db, scopes[who], shape.q, false), list(database.db, scopes[who], shape.q, true)];
        // A store's few dozen orders here are cheaper to read through the store's own index than
        // six searches; at a real store's size the search indexes win (tests/bench/orders.ts). So
        // for a manager the list must only avoid a sequential scan; the unscoped plans must use
        // the search indexes themselves.
        const count = broadSearchQuery(database.db, shape.q)!;
        for (const query of [...lists, count]) expect(await planOf(query)).not.toMatch(/Seq Scan on orders/);
        for (const query of who === 'admin' && !WIDE.has(shape.q) ? [...lists, count] : [count]) {
          const plan = await planOf(query);
          for (const index of shape.indexes) expect(plan).toContain(index);
        }
        if (who === 'admin' && WIDE.has(shape.q)) {
          for (const query of lists) expect(await planOf(query)).toMatch(/orders_created_idx|_upper_idx/);
        }
        if (shape.q.length < 4) expect(await planOf(list(database.db, scopes[who], shape.q))).not.toMatch(/suffix_idx/);
      });
    }
  }

  for (const who of ['manager', 'admin'] as const) {
    it(`an amount (${who}) walks the amount index`, async () => {
      for (const q of ['184.77', 'HK$184.77', '1,234.50']) {
        const plan = await planOf(list(database.db, scopes[who], q));
        expect(plan).not.toMatch(/Seq Scan on orders/);
        expect(plan).toContain('orders_amount_created_idx');
      }
      expect(broadSearchQuery(database.db, '184.77')).toBeNull();
    });
  }
});

describe('a number search is one statement that runs one of its plans', () => {
  async function analyzed(query: SQLWrapper): Promise<string> {
    const result = await database.db.execute(sql`explain (analyze, costs off, timing off) ${query}`);
    return (result as unknown as { rows: Array<Record<string, string>> }).rows.map((r) => r['QUERY PLAN']).join('\n');
  }

  it('a narrow search runs the id-index plan and never the time-index walk', async () => {
    const plan = await analyzed(listOrdersStatement(database.db, scopes.admin, { q: 'mcplan000070' }, null));
    // Both plans are gated by the id-match count, computed in the same statement (no second round trip).
    expect(plan.match(/One-Time Filter/g)).toHaveLength(2);
    expect(plan).toMatch(/never executed/);
    expect(plan).toContain('orders_out_trade_no_upper_idx');
    expect(plan).not.toMatch(/Index Scan( Backward)? using orders_created_idx on orders \(actual rows=[1-9]/);
  });

  it('gives the same page as the plan chosen by a separate count', async () => {
    for (const q of ['mcplan000070', 'eppl', 'PLAN70', 'tx']) {
      const one = await listOrdersStatement(database.db, scopes.admin, { q }, null);
      const narrow = await listOrdersQuery(database.db, scopes.admin, { q }, null, { broadSearch: false });
      expect(one.map((r) => r.id)).toEqual(narrow.map((r) => r.id));
    }
  });
});
