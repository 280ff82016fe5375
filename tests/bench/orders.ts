/**
 * `npm run bench:orders` — the orders list at 1,000,000 orders (and ~150k refunds) on real
 * PostgreSQL. Each search shape (tests/bench/lib/orders-shapes.ts: each number exact in upper and
 * lower case, by its start and by its last characters, a suffix that matches nothing, an amount in
 * each spelling, the filters, a deep page) is run as a store manager and as an admin, with inputs
 * taken from one seeded order. After a warm-up it measures p50/p95 of:
 *   - the data layer: `listOrders`, exactly as the page calls it (statements, driver, mapping);
 *   - the database's own execution time of the same statements (EXPLAIN ANALYZE), and the ratio;
 *   - the page: GET /orders?… on a production build against the same database, signed in with a
 *     real next-auth session cookie, time to the last byte.
 * It checks each first page (the order searched for is on it; a miss shows nothing) and records
 * each statement's plan: every scan with its index, and whether anything reads `orders`
 * sequentially (then the shape is not index-backed and the run exits non-zero).
 * Prints a table and writes tests/bench/results/orders.json (orders-<count>.json at another
 * BENCH_ORDERS). Targets: data layer p95 ≤ 20 ms, page p95 ≤ 200 ms.
 *
 * Database: a fresh one on BENCH_DATABASE_URL / TEST_DATABASE_URL's server, else a throwaway
 * cluster (scripts/postgres.sh, .data/bench-pg, port 55440). BENCH_ORDERS changes the count;
 * BENCH_KEEP=1 keeps the database; BENCH_SKIP_PAGE=1 leaves out the page timings.
 */
import os from 'node:os';
import path from 'node:path';
import { connect, migrate } from '@/db/connect';
import { SYSTEM } from '@/lib/auth/actor';
import { type StoreScope, scopeFor } from '@/lib/auth/scope';
import { decodeCursor } from '@/lib/orders/cursor';
import { listOrders, listOrdersStatement, ORDERS_PAGE_SIZE } from '@/lib/orders/list';
import { broadSearchQuery, isBroadSearch } from '@/lib/orders/search';
import { createStaff } from '@/lib/staff/create';
import { startBenchConsole } from './lib/console';
import { seedOrders } from './lib/orders-seed';
import { DEEP_PAGE, orderShapes, pickSuffixMiss, pickTarget, type Shape } from './lib/orders-shapes';
import { benchServer, explainAnalyze, freshDatabase, type PlanSummary } from './lib/postgres';
import { formatTable, writeResults } from './lib/report';
import { signInCookie } from './lib/session';
import { measure, summarize } from './lib/stats';

const ORDER_COUNT = Number(process.env.BENCH_ORDERS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 50);
const LOAD_BEFORE = os.loadavg();
const PAGE_RUNS = Number(process.env.BENCH_PAGE_RUNS ?? 30);
const TARGET_DATA_P95 = 20;
const TARGET_PAGE_P95 = 200;
const PASSWORD = 'quartz-lantern-kowloon-4817';

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
  const seedStarted = performance.now();
  await seedOrders(pool, { orders: ORDER_COUNT, days: 365 });
  const seedSeconds = Math.round((performance.now() - seedStarted) / 1000);
  const counts = (
    await pool.query(
      'select (select count(*) from orders)::int as orders, (select count(*) from refunds)::int as refunds',
    )
  ).rows[0] as { orders: number; refunds: number };
  say(
    `seeded ${counts.orders.toLocaleString('en')} orders, ${counts.refunds.toLocaleString('en')} refunds in ${seedSeconds} s`,
  );

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

  const target = await pickTarget(pool, store.id);
  const miss = await pickSuffixMiss(pool, target);
  const shapes = orderShapes(target, miss, store.id);
  say(
    `searching for ${target.out_trade_no} / ${target.eftpay_trade_no} / ${target.transaction_id}, HK$${(target.amount_cents / 100).toFixed(2)}; suffix miss ${miss}`,
  );

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
      const answer = answerCheck(shape, last.rows, target.id);

      // The database's own time for the same statement, with the same parameters: one statement
      // (a number search carries its id-match count inside, lib/orders/list.ts).
      const broad = shape.filters.q ? await isBroadSearch(db, shape.filters.q) : false;
      const count = shape.filters.q ? broadSearchQuery(db, shape.filters.q) : null;
      const idMatches = count ? ((await count)[0]?.n ?? 0) : null;
      const statements = [
        {
          name: 'list page',
          query: listOrdersStatement(db, scope, shape.filters, decodeCursor(cursor), {
            pageSize: ORDERS_PAGE_SIZE,
          }).toSQL(),
        },
      ];
      const exec: number[] = [];
      const planning: number[] = [];
      let plans: Array<{ statement: string } & PlanSummary> = [];
      for (let i = 0; i < Math.min(RUNS, 20) + 3; i += 1) {
        const explained: Array<{ statement: string } & PlanSummary> = [];
        for (const statement of statements) {
          explained.push({ statement: statement.name, ...(await explainAnalyze(pool, statement.query)) });
        }
        if (i >= 3) {
          exec.push(explained.reduce((sum, e) => sum + e.executionMs, 0));
          planning.push(explained.reduce((sum, e) => sum + e.planningMs, 0));
        }
        plans = explained;
      }
      // The same statements sent raw through the driver (text and parameters as the layer sends
      // them): what the data layer costs on top of the round trips it needs, and the list statement
      // alone — the one query a person waits for.
      const rawAll = summarize(
        await measure(
          async () => {
            for (const statement of statements) await pool.query(statement.query.sql, statement.query.params);
          },
          { warmup: 5, runs: RUNS },
        ),
      );
      const listStatement = statements.at(-1)!.query;
      const rawList = summarize(
        await measure(() => pool.query(listStatement.sql, listStatement.params), { warmup: 5, runs: RUNS }),
      );
      const layer = summarize(samples);
      const dbTime = summarize(exec);
      // Index-backed: no statement of the shape reads `orders` sequentially (a Seq Scan on the
      // ten-row stores table, for the store names of the rows shown, is not a table scan of note).
      const indexBacked = plans.every((p) => !p.seqScanned.includes('orders'));
      const ratio = (a: number, b: number) => Math.round((a / Math.max(b, 0.001)) * 10) / 10;
      dataRows.push({
        shape: shape.name,
        scope: who,
        ...(shape.filters.q ? { q: shape.filters.q } : {}),
        rows: last.rows.length,
        expect: shape.expect ?? null,
        answer,
        idMatches,
        broadSearch: broad,
        dataLayer: layer,
        statements: statements.length,
        dbExecution: dbTime,
        dbPlanning: summarize(planning),
        ratioP50: ratio(layer.p50, dbTime.p50),
        ratioP95: ratio(layer.p95, dbTime.p95),
        rawAll,
        rawList,
        rawRatioP50: ratio(layer.p50, rawList.p50),
        rawAllRatioP50: ratio(layer.p50, rawAll.p50),
        indexBacked,
        indexes: [...new Set(plans.flatMap((p) => p.scans.flatMap((s) => (s.index ? [s.index] : []))))],
        plans: plans.map(({ statement, plan, scans, seqScanned }) => ({ statement, plan, scans, seqScanned })),
        meetsTarget: layer.p95 <= TARGET_DATA_P95 && indexBacked && answer === 'ok',
      });
      say(
        `${shape.name} (${who}): p50 ${layer.p50} ms, p95 ${layer.p95} ms, db ${dbTime.p50} ms${indexBacked ? '' : ' — SEQ SCAN on orders'}${answer === 'ok' ? '' : ` — ${answer}`} — ${plans.map((p) => p.plan).join(' ; ')}`,
      );
    }
  }

  // The page, through a production build on the same database.
  const pageRows: Array<Record<string, unknown>> = [];
  // A page that cannot be served (a build that fails) is reported, and the data-layer results kept.
  let pageError: string | null = null;
  if (process.env.BENCH_SKIP_PAGE !== '1')
    try {
      say('starting the console (production build in .next-bench)…');
      const stack = await startBenchConsole({
        port: 3900,
        sandboxPort: 4900,
        dataDir: 'bench-stack',
        databaseUrl: fresh.url,
      });
      try {
        const base = `http://127.0.0.1:3900`;
        const cookies = {
          manager: await signInCookie(stack.url, 'bench-manager@bench.local', PASSWORD),
          admin: await signInCookie(stack.url, 'bench-admin@bench.local', PASSWORD),
        };
        say('signed in as manager and admin');
        for (const shape of shapes.filter((s) => s.page)) {
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
    } catch (error) {
      pageError = error instanceof Error ? error.message : String(error);
      say(`page timings failed: ${pageError}`);
    }

  const num = (v: unknown) => v as number;
  console.log(
    `\nOrders list at ${counts.orders.toLocaleString('en')} orders / ${counts.refunds.toLocaleString('en')} refunds (p50/p95 over ${RUNS} runs, ms; db = EXPLAIN ANALYZE execution of the same statements; ratio = data layer / db at p50; raw = the list statement sent raw through the driver, raw× = data layer / raw at p50)\n`,
  );
  console.log(
    formatTable(
      [
        'shape',
        'scope',
        'rows',
        'data p50',
        'data p95',
        'db p50',
        'db p95',
        'ratio',
        'raw p50',
        'raw×',
        'index-backed',
        'answer',
        'ok',
      ],
      dataRows.map((r) => {
        const layer = r.dataLayer as { p50: number; p95: number };
        const dbTime = r.dbExecution as { p50: number; p95: number };
        return [
          r.shape as string,
          r.scope as string,
          String(r.rows),
          layer.p50,
          layer.p95,
          dbTime.p50,
          dbTime.p95,
          `${num(r.ratioP50)}×`,
          (r.rawList as { p50: number }).p50,
          `${num(r.rawRatioP50)}×`,
          r.indexBacked ? 'yes' : 'NO (Seq Scan on orders)',
          r.answer as string,
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
  const loadAtEnd = os.loadavg();
  // A run at another size (a small smoke run, or 10M) leaves the committed 1M results alone.
  const file = writeResults(ORDER_COUNT === 1_000_000 ? 'orders' : `orders-${ORDER_COUNT}`, {
    at: new Date().toISOString(),
    orders: counts.orders,
    refunds: counts.refunds,
    // Other processes on the machine skew the p95s: the load averages (1, 5, 15 min) at start and end.
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? null,
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      loadAverage: { atStart: LOAD_BEFORE, atEnd: loadAtEnd },
    },
    postgres: (await pool.query('show server_version')).rows[0].server_version,
    seedSeconds,
    runs: RUNS,
    pageRuns: PAGE_RUNS,
    targets: { dataLayerP95Ms: TARGET_DATA_P95, pageP95Ms: TARGET_PAGE_P95 },
    searchedFor: {
      outTradeNo: target.out_trade_no,
      eftpayTradeNo: target.eftpay_trade_no,
      transactionId: target.transaction_id,
      amountCents: target.amount_cents,
      suffixMiss: miss,
    },
    dataLayer: dataRows,
    page: pageRows,
    ...(pageError ? { pageError } : {}),
    totalSeconds: Math.round((performance.now() - t0) / 1000),
  });
  const loads = (l: number[]) => l.map((n) => n.toFixed(2)).join(' ');
  console.log(
    `\nLoad average (1/5/15 min) on this ${os.cpus().length}-core machine: ${loads(LOAD_BEFORE)} at start, ${loads(loadAtEnd)} at end — anything well above the core count means other work shared the CPUs and inflated the p95s.`,
  );
  const misses = [...dataRows, ...pageRows].filter((r) => !r.meetsTarget).length;
  const unindexed = dataRows.filter((r) => !r.indexBacked).length;
  const wrong = dataRows.filter((r) => r.answer !== 'ok').length;
  console.log(
    `\n${misses === 0 ? 'All shapes within target.' : `${misses} shape(s) over target.`}${unindexed ? ` ${unindexed} not index-backed.` : ''}${wrong ? ` ${wrong} with a wrong answer.` : ''} Results: ${path.relative(process.cwd(), file)} (${elapsed()})`,
  );
  // A sequential scan or a wrong answer is a defect whatever the load; a slow p95 may be the machine.
  if (unindexed || wrong || pageError) process.exitCode = 1;
} finally {
  await database.close();
  if (process.env.BENCH_KEEP === '1') console.log(`kept ${fresh.url}`);
  else await fresh.drop();
  server.stop();
}

/** The first page against the shape's expectation (a hit shows the order the input came from). */
function answerCheck(shape: Shape, rows: ReadonlyArray<{ id: string }>, targetId: string): string {
  if (shape.expect === 'target' && !rows.some((r) => r.id === targetId)) return 'WRONG: order not found';
  if (shape.expect === 'rows' && rows.length === 0) return 'WRONG: no rows';
  if (shape.expect === 'none' && rows.length > 0) return `WRONG: ${rows.length} rows for a miss`;
  return 'ok';
}
