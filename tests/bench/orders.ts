/**
 * `npm run bench:orders` — the orders list at 1,000,000 orders (and ~150k refunds) on real
 * PostgreSQL. For each search shape (exact, lower case, prefix, suffix, amount, filters) it measures, after a warm-up, p50/p95 of:
 *   - the data layer: `listOrders`, exactly as the page calls it (statements, driver, mapping);
 *   - the database's own execution time of the same statements (EXPLAIN ANALYZE), and the ratio;
 *   - the page: GET /orders?… on a production build against the same database, signed in with a
 *     real next-auth session cookie, time to the last byte.
 * Prints a table and writes tests/bench/results/orders.json. Targets: data layer p95 ≤ 20 ms,
 * page p95 ≤ 200 ms.
 *
 * Database: a fresh one on BENCH_DATABASE_URL / TEST_DATABASE_URL's server, else a throwaway
 * cluster (scripts/postgres.sh, .data/bench-pg, port 55440). BENCH_ORDERS changes the count;
 * BENCH_KEEP=1 keeps the database; BENCH_SKIP_PAGE=1 leaves out the page timings.
 */
import path from 'node:path';
import { connect, migrate } from '@/db/connect';
import { SYSTEM } from '@/lib/auth/actor';
import { type StoreScope, scopeFor } from '@/lib/auth/scope';
import { decodeCursor } from '@/lib/orders/cursor';
import type { OrderListFilters } from '@/lib/orders/filters';
import { listOrders, listOrdersQuery, ORDERS_PAGE_SIZE } from '@/lib/orders/list';
import { broadSearchQuery, isBroadSearch } from '@/lib/orders/search';
import { createStaff } from '@/lib/staff/create';
import { hkDayRange, hkPreset } from '@/lib/time/hk';
import { startStack } from '../../scripts/lib/stack';
import { seedOrders } from './lib/orders-seed';
import { benchServer, explainAnalyze, freshDatabase } from './lib/postgres';
import { formatTable, writeResults } from './lib/report';
import { signInCookie } from './lib/session';
import { measure, summarize } from './lib/stats';

const ORDER_COUNT = Number(process.env.BENCH_ORDERS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 50);
const LOAD_BEFORE = (await import('node:os')).loadavg()[0]!;
const PAGE_RUNS = Number(process.env.BENCH_PAGE_RUNS ?? 30);
const DEEP_PAGE = 500;
const TARGET_DATA_P95 = 20;
const TARGET_PAGE_P95 = 200;
const PASSWORD = 'bench-password-1234';

const t0 = performance.now();
const elapsed = () => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
const say = (line: string) => console.log(`[${elapsed()}] ${line}`);

const server = await benchServer({ dir: '.data/bench-pg', port: 55440 });
const fresh = await freshDatabase(server.url, 'eftpay_bench_orders');
const database = await connect({ url: fresh.url, poolSize: 4 });
const pool = database.pool!;
const db = database.db;

try {
  await migrate(database);
  say(`seeding ${ORDER_COUNT.toLocaleString('en')} orders on ${new URL(server.url).host}…`);
  await seedOrders(pool, { orders: ORDER_COUNT, days: 365 });
  const counts = (
    await pool.query(
      'select (select count(*) from orders)::int as orders, (select count(*) from refunds)::int as refunds',
    )
  ).rows[0] as { orders: number; refunds: number };
  say(`seeded ${counts.orders.toLocaleString('en')} orders, ${counts.refunds.toLocaleString('en')} refunds`);

  const stores = (await pool.query(`select id, code from stores where code like 'B__' order by code`)).rows as Array<{
    id: string;
    code: string;
  }>;
  const store = stores[2]!; // B03
  const admin = await createStaff({
    ctx: { db, actor: SYSTEM },
    input: { email: 'bench-admin@bench.local', name: 'Bench Admin', role: 'admin', storeIds: [], password: PASSWORD },
  });
  await createStaff({
    ctx: { db, actor: SYSTEM },
    input: {
      email: 'bench-manager@bench.local',
      name: 'Bench Manager',
      role: 'manager',
      storeIds: [store.id],
      password: PASSWORD,
    },
  });
  void admin;
  const scopes: Record<'manager' | 'admin', StoreScope> = {
    manager: scopeFor('manager', [store.id]),
    admin: scopeFor('admin', []),
  };

  // A paid order of the manager's store from about three months ago: the one the customer shows.
  const target = (
    await pool.query(
      `select out_trade_no, eftpay_trade_no, transaction_id, amount_cents, created_at from orders
       where store_id = $1 and status = 'paid' and created_at < now() - interval '90 days'
       order by created_at desc limit 1`,
      [store.id],
    )
  ).rows[0] as { out_trade_no: string; eftpay_trade_no: string; transaction_id: string; amount_cents: number };
  // The amount as a customer's receipt shows it, typed into the search box.
  const typedAmount = `HK$${(target.amount_cents / 100).toFixed(2)}`;
  const hk = (d: Date) => d.toLocaleString('sv-SE', { timeZone: 'Asia/Hong_Kong' }).slice(0, 10);
  const month = hkPreset('thisMonth');
  const last30 = { from: hk(new Date(Date.now() - 29 * 86_400_000)), to: hk(new Date()) };

  interface Shape {
    name: string;
    filters: OrderListFilters;
    /** The same search as URL parameters, for the page. */
    query: Record<string, string>;
    deep?: boolean;
  }
  const shapes: Shape[] = [
    { name: 'first page, no filter', filters: {}, query: {} },
    { name: 'exact: our order no.', filters: { q: target.out_trade_no }, query: { q: target.out_trade_no } },
    { name: 'exact: eftPay no.', filters: { q: target.eftpay_trade_no }, query: { q: target.eftpay_trade_no } },
    { name: 'exact: wallet txn id', filters: { q: target.transaction_id }, query: { q: target.transaction_id } },
    // Typed on a phone: lower case, and the last characters a customer reads out.
    {
      name: 'exact: our no., lower case',
      filters: { q: target.out_trade_no.toLowerCase() },
      query: { q: target.out_trade_no.toLowerCase() },
    },
    ...(['out_trade_no', 'eftpay_trade_no', 'transaction_id'] as const).map((column) => ({
      name: `suffix: ${column} (last 6)`,
      filters: { q: target[column].slice(-6).toLowerCase() },
      query: { q: target[column].slice(-6).toLowerCase() },
    })),
    { name: 'amount in the search box', filters: { q: typedAmount }, query: { q: typedAmount } },
    // The first 12 characters of eftPay's number: that hour's orders, three months back.
    {
      name: 'prefix: eftPay no. (an hour)',
      filters: { q: target.eftpay_trade_no.slice(0, 12) },
      query: { q: target.eftpay_trade_no.slice(0, 12) },
    },
    // Our number up to the day: every order of the store that day.
    {
      name: 'prefix: our no. (store-day)',
      filters: { q: target.out_trade_no.slice(0, 12) },
      query: { q: target.out_trade_no.slice(0, 12) },
    },
    {
      name: 'status + store + date range',
      filters: { status: 'failed', storeId: store.id, ...range(last30.from, last30.to) },
      query: { status: 'failed', store: store.id, from: last30.from, to: last30.to },
    },
    {
      name: 'status + store + this month',
      filters: { status: 'partly_refunded', storeId: store.id, ...range(month.from, month.to) },
      query: { status: 'partly_refunded', store: store.id, range: 'thisMonth' },
    },
    {
      name: 'wallet + status',
      filters: { wallet: 'PAYME', status: 'unpaid' },
      query: { wallet: 'PAYME', status: 'unpaid' },
    },
    {
      name: 'amount range 100–150',
      filters: { minCents: 10_000, maxCents: 15_000 },
      query: { min: '100', max: '150' },
    },
    {
      name: 'amount exact 1,234.56',
      filters: { minCents: 123_456, maxCents: 123_456 },
      query: { min: '1234.56', max: '1234.56' },
    },
    { name: `deep keyset page ${DEEP_PAGE}`, filters: {}, query: {}, deep: true },
  ];

  const dataRows: Array<Record<string, unknown>> = [];
  const deepCursor: Partial<Record<keyof typeof scopes, string>> = {};
  for (const shape of shapes) {
    for (const [who, scope] of Object.entries(scopes) as Array<[keyof typeof scopes, StoreScope]>) {
      let cursor: string | null = null;
      if (shape.deep) {
        // Reached the way a person (or a script) would: following the cursor page by page.
        // A small benchmark database (BENCH_ORDERS) has fewer pages: its last one stands in.
        for (let page = 1; page < DEEP_PAGE; page += 1) {
          const result = await listOrders(db, scope, shape.filters, cursor);
          if (!result.nextCursor) {
            if (ORDER_COUNT >= 1_000_000) throw new Error(`only ${page} pages`);
            say(`${who}: only ${page} pages at ${ORDER_COUNT.toLocaleString('en')} orders; measuring page ${page}`);
            break;
          }
          cursor = result.nextCursor;
        }
        if (!cursor) throw new Error('a single page: nothing deep to measure');
        deepCursor[who] = cursor;
      }
      const samples = await measure(() => listOrders(db, scope, shape.filters, cursor), { warmup: 5, runs: RUNS });
      const last = await listOrders(db, scope, shape.filters, cursor);

      // The database's own time for the same statements, with the same parameters.
      const broad = shape.filters.q ? await isBroadSearch(db, shape.filters.q) : false;
      const count = shape.filters.q ? broadSearchQuery(db, shape.filters.q) : null;
      const statements = [
        ...(count ? [count.toSQL()] : []),
        listOrdersQuery(db, scope, shape.filters, decodeCursor(cursor), {
          pageSize: ORDERS_PAGE_SIZE,
          broadSearch: broad,
        }).toSQL(),
      ];
      const exec: number[] = [];
      const planning: number[] = [];
      let plan = '';
      for (let i = 0; i < Math.min(RUNS, 20) + 3; i += 1) {
        let total = 0;
        let planned = 0;
        for (const [k, statement] of statements.entries()) {
          const explained = await explainAnalyze(pool, statement);
          total += explained.executionMs;
          planned += explained.planningMs;
          if (k === statements.length - 1) plan = explained.plan;
        }
        if (i >= 3) {
          exec.push(total);
          planning.push(planned);
        }
      }
      const layer = summarize(samples);
      const dbTime = summarize(exec);
      dataRows.push({
        shape: shape.name,
        scope: who,
        rows: last.rows.length,
        broadSearch: broad,
        dataLayer: layer,
        statements: statements.length,
        dbExecution: dbTime,
        dbPlanning: summarize(planning),
        ratioP50: Math.round((layer.p50 / Math.max(dbTime.p50, 0.001)) * 10) / 10,
        plan,
        meetsTarget: layer.p95 <= TARGET_DATA_P95,
      });
      say(`${shape.name} (${who}): p50 ${layer.p50} ms, p95 ${layer.p95} ms, db ${dbTime.p50} ms — ${plan}`);
    }
  }

  // The page, through a production build on the same database.
  const pageRows: Array<Record<string, unknown>> = [];
  if (process.env.BENCH_SKIP_PAGE !== '1') {
    process.env.NEXT_DIST_DIR = '.next-bench';
    say('starting the console (production build in .next-bench)…');
    const stack = await startStack({
      port: 3900,
      sandboxPort: 4900,
      dataDir: path.join(process.cwd(), '.data', 'bench-stack'),
      databaseUrl: fresh.url,
      demoOrders: 0,
      demoSeed: false,
      extraEnv: { WORKER_ENABLED: '0', LOG_LEVEL: 'warn', NEXT_DIST_DIR: '.next-bench' },
      quiet: true,
    });
    try {
      const base = `http://127.0.0.1:3900`;
      const cookies = {
        manager: await signInCookie(stack.url, 'bench-manager@bench.local', PASSWORD),
        admin: await signInCookie(stack.url, 'bench-admin@bench.local', PASSWORD),
      };
      say('signed in as manager and admin');
      const pageShapes = shapes.filter((s) =>
        [
          'first page, no filter',
          'exact: our order no.',
          'prefix: eftPay no. (an hour)',
          'suffix: transaction_id (last 6)',
          'amount in the search box',
          'status + store + date range',
          'amount range 100–150',
          `deep keyset page ${DEEP_PAGE}`,
        ].includes(s.name),
      );
      for (const shape of pageShapes) {
        for (const who of ['manager', 'admin'] as const) {
          const params = new URLSearchParams(shape.query);
          if (shape.deep) params.set('cursor', deepCursor[who]!);
          const url = `${base}/orders${params.size ? `?${params}` : ''}`;
          let bytes = 0;
          const samples = await measure(
            async () => {
              const response = await fetch(url, { headers: { Cookie: cookies[who] }, redirect: 'manual' });
              const body = await response.text();
              if (response.status !== 200) throw new Error(`GET ${url} as ${who}: HTTP ${response.status}`);
              if (!body.includes('orders-table') && !body.includes('orders-empty'))
                throw new Error(`GET ${url}: no table`);
              bytes = body.length;
            },
            { warmup: 5, runs: PAGE_RUNS },
          );
          const s = summarize(samples);
          pageRows.push({ shape: shape.name, scope: who, page: s, bytes, meetsTarget: s.p95 <= TARGET_PAGE_P95 });
          say(`GET /orders ${shape.name} (${who}): p50 ${s.p50} ms, p95 ${s.p95} ms`);
        }
      }
    } finally {
      await stack.stop();
    }
  }

  const num = (v: unknown) => v as number;
  console.log(
    `\nOrders list at ${counts.orders.toLocaleString('en')} orders / ${counts.refunds.toLocaleString('en')} refunds (p50/p95 over ${RUNS} runs, ms)\n`,
  );
  console.log(
    formatTable(
      ['shape', 'scope', 'rows', 'data p50', 'data p95', 'db p50', 'ratio', 'ok'],
      dataRows.map((r) => {
        const layer = r.dataLayer as { p50: number; p95: number };
        const dbTime = r.dbExecution as { p50: number };
        return [
          r.shape as string,
          r.scope as string,
          String(r.rows),
          layer.p50,
          layer.p95,
          dbTime.p50,
          `${num(r.ratioP50)}×`,
          r.meetsTarget ? 'yes' : 'NO',
        ];
      }),
    ),
  );
  if (pageRows.length) {
    console.log(`\nGET /orders on a production build (server response to the last byte; ${PAGE_RUNS} runs, ms)\n`);
    console.log(
      formatTable(
        ['shape', 'scope', 'page p50', 'page p95', 'KiB', 'ok'],
        pageRows.map((r) => {
          const s = r.page as { p50: number; p95: number };
          return [
            r.shape as string,
            r.scope as string,
            s.p50,
            s.p95,
            (num(r.bytes) / 1024).toFixed(0),
            r.meetsTarget ? 'yes' : 'NO',
          ];
        }),
      ),
    );
  }
  const file = writeResults('orders', {
    at: new Date().toISOString(),
    orders: counts.orders,
    refunds: counts.refunds,
    // Other processes on the machine skew the p95s: the 1-minute load average at start and end.
    machine: {
      cpus: (await import('node:os')).cpus().length,
      node: process.version,
      loadAverage: { atStart: LOAD_BEFORE, atEnd: (await import('node:os')).loadavg()[0] },
    },
    postgres: (await pool.query('show server_version')).rows[0].server_version,
    runs: RUNS,
    pageRuns: PAGE_RUNS,
    targets: { dataLayerP95Ms: TARGET_DATA_P95, pageP95Ms: TARGET_PAGE_P95 },
    dataLayer: dataRows,
    page: pageRows,
    totalSeconds: Math.round((performance.now() - t0) / 1000),
  });
  const loadNow = (await import('node:os')).loadavg()[0]!;
  console.log(
    `\nLoad average (1 min) on this ${(await import('node:os')).cpus().length}-core machine: ${LOAD_BEFORE.toFixed(1)} at start, ${loadNow.toFixed(1)} at end — anything well above the core count means other work shared the CPUs and inflated the p95s.`,
  );
  const misses = [...dataRows, ...pageRows].filter((r) => !r.meetsTarget).length;
  console.log(
    `\n${misses === 0 ? 'All shapes within target.' : `${misses} shape(s) over target.`} Results: ${path.relative(process.cwd(), file)} (${elapsed()})`,
  );
} finally {
  await database.close();
  if (process.env.BENCH_KEEP === '1') console.log(`kept ${fresh.url}`);
  else await fresh.drop();
  server.stop();
}

function range(from: string, to: string): Pick<OrderListFilters, 'createdFrom' | 'createdBefore'> {
  const { from: createdFrom, to: createdBefore } = hkDayRange(from, to);
  return { createdFrom, createdBefore };
}
