/**
 * `npm run bench:finance` — finance's refund history (and the audit log) at chain scale on real
 * PostgreSQL: by default 10,000,000 orders and their ~1.5M refunds (tests/bench/lib/orders-seed.ts)
 * and 20,000,000 audit rows (tests/bench/lib/audit-seed.ts). For each filter shape of the refund
 * history — unfiltered, each filter alone, combinations, the filters no rollup answers (an amount
 * range, a number), a deep page — as finance (every store) and as a store manager, after a warm-up
 * it measures p50/p95 of:
 *   - the data layer, each read the page makes (filter choices, the page of rows, totals, chart)
 *     and the page's whole data, as the page runs it (choices, then the other three side by side);
 *   - the same SQL sent raw through the driver (the statements the layer sent, text and
 *     parameters, captured by a query logger), and the ratio layer / raw;
 *   - the page: GET /refunds?… (and /audit?…) on a production build against the same database,
 *     signed in with a real next-auth session cookie, to the last byte.
 * Prints a table and writes tests/bench/results/finance.json (finance-<orders>.json at another
 * BENCH_ORDERS). Target (issue "Finance at chain scale"): ≤ 150 ms p95 for every read and page.
 *
 * Database: a fresh one on BENCH_DATABASE_URL / TEST_DATABASE_URL's server, else a throwaway
 * cluster (scripts/postgres.sh, .data/bench-pg, port 55440). BENCH_ORDERS and BENCH_AUDIT change
 * the counts; BENCH_KEEP=1 keeps the database; BENCH_REUSE_DB=<name> measures a kept one again
 * (seeding only what it lacks); BENCH_SKIP_PAGE=1 leaves out the page timings.
 */
import os from 'node:os';
import { addMonths, format, startOfMonth, subDays } from 'date-fns';
import { drizzle } from 'drizzle-orm/node-postgres';
import { connect, type Db, migrate } from '@/db/connect';
import * as schema from '@/db/schema';
import { SYSTEM } from '@/lib/auth/actor';
import { type StoreScope, scopeFor } from '@/lib/auth/scope';
import { getRefundFilterOptions } from '@/lib/finance/filter-options';
import { listRefunds } from '@/lib/finance/list-refunds';
import { getRefundDaily } from '@/lib/finance/refund-daily';
import { aggregatesAnswer, EXACT_MAX_DAYS, rollupFor } from '@/lib/finance/refund-days';
import { type RefundFilter, RefundFilterInput } from '@/lib/finance/refund-filter';
import { getRefundTotals, getRefundTotalsExact } from '@/lib/finance/refund-totals';
import { createStaff } from '@/lib/staff/create';
import { startBenchConsole } from './lib/console';
import { seedOrders } from './lib/orders-seed';
import { benchServer, freshDatabase, withDatabaseName } from './lib/postgres';
import { formatTable, writeResults } from './lib/report';
import { signInCookie } from './lib/session';
import { measure, type Summary, summarize } from './lib/stats';

const ORDER_COUNT = Number(process.env.BENCH_ORDERS ?? 10_000_000);
const AUDIT_COUNT = Number(process.env.BENCH_AUDIT ?? 20_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const PAGE_RUNS = Number(process.env.BENCH_PAGE_RUNS ?? 20);
const TARGET_P95 = 150;
const DEEP_PAGE = 20;
const LOAD_BEFORE = os.loadavg();
const PASSWORD = 'quartz-lantern-kowloon-4817';

const t0 = performance.now();
const elapsed = () => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
const say = (line: string) => console.log(`[${elapsed()}] ${line}`);

/** A filter shape of the refund history: the URL parameters a person would set. */
interface Shape {
  name: string;
  params: Record<string, string>;
  who: 'finance' | 'manager';
  /** Follow the list's cursor this many pages before measuring. */
  deep?: boolean;
}

interface Statement {
  sql: string;
  params: unknown[];
}

const server = await benchServer({ dir: '.data/bench-pg', port: 55440 });
const reuse = process.env.BENCH_REUSE_DB;
const fresh = reuse
  ? { url: withDatabaseName(server.url, reuse), drop: async () => {} }
  : await freshDatabase(server.url, 'eftpay_bench_finance');
const database = await connect({ url: fresh.url, poolSize: 8 });
const pool = database.pool!;
const db = database.db;
// The same pool through a query logger: the statements each read sends, to replay them raw.
let captured: Statement[] | null = null;
const loggedDb = drizzle(pool, {
  schema,
  logger: { logQuery: (sql, params) => captured?.push({ sql, params }) },
}) as unknown as Db;

async function statementsOf(read: (db: Db) => Promise<unknown>): Promise<Statement[]> {
  captured = [];
  await read(loggedDb);
  const statements = captured;
  captured = null;
  return statements;
}

const results: Record<string, unknown> = {};
try {
  await migrate(database);
  const count = async (table: string) => Number((await pool.query(`select count(*) as n from ${table}`)).rows[0].n);
  let ordersSeedSeconds: number | null = null;
  if ((await count('orders')) === 0) {
    say(`seeding ${ORDER_COUNT.toLocaleString('en')} orders on ${new URL(server.url).host}…`);
    const seedStarted = performance.now();
    await seedOrders(pool, { orders: ORDER_COUNT, days: 365 });
    ordersSeedSeconds = Math.round((performance.now() - seedStarted) / 1000);
  }
  let auditSeedSeconds: number | null = null;
  const auditMissing = AUDIT_COUNT - (await count('audit_log'));
  if (auditMissing > AUDIT_COUNT * 0.05) {
    const { seedAudit } = await import('./lib/audit-seed');
    say(`seeding ${auditMissing.toLocaleString('en')} audit rows…`);
    auditSeedSeconds = (await seedAudit(pool, { rows: auditMissing })).seconds;
  }
  // A kept database may just have had a migration rewrite its refunds: measure them vacuumed, as
  // autovacuum would leave them, not half dead.
  await pool.query('vacuum (analyze) refunds');
  // How long seeding took is kept with the database (its comment), so a run that reuses a kept
  // database still reports it.
  const dbName = new URL(fresh.url).pathname.slice(1);
  const noted = (
    await pool.query(`select shobj_description(oid, 'pg_database') as note from pg_database where datname = $1`, [
      dbName,
    ])
  ).rows[0]?.note as string | null;
  const seedNote = noted ? (JSON.parse(noted) as { orders?: number | null; audit?: number | null }) : {};
  ordersSeedSeconds ??= seedNote.orders ?? null;
  auditSeedSeconds ??= seedNote.audit ?? null;
  const note = JSON.stringify({ orders: ordersSeedSeconds, audit: auditSeedSeconds });
  await pool.query(`comment on database "${dbName}" is '${note}'`);
  const counts = (
    await pool.query(`select (select count(*) from orders)::int as orders, (select count(*) from refunds)::int as refunds,
      (select count(*) from audit_log)::int as audit, (select count(*) from refund_days)::int as rollup,
      (select count(*) from refund_days_detail)::int as rollup_detail`)
  ).rows[0] as { orders: number; refunds: number; audit: number; rollup: number; rollup_detail: number };
  say(
    `seeded ${counts.orders.toLocaleString('en')} orders, ${counts.refunds.toLocaleString('en')} refunds${ordersSeedSeconds === null ? '' : ` in ${ordersSeedSeconds} s`}; ` +
      `${counts.audit.toLocaleString('en')} audit rows${auditSeedSeconds === null ? '' : ` in ${auditSeedSeconds} s`}; ` +
      `rollups ${counts.rollup.toLocaleString('en')} + ${counts.rollup_detail.toLocaleString('en')} rows`,
  );

  const store = (await pool.query(`select id, code from stores where code = 'B03'`)).rows[0] as { id: string };
  const refunder = (await pool.query(`select u.id from staff_users u where u.email like 'refunder-b03-1@%'`))
    .rows[0] as { id: string };
  const someRefund = (
    await pool.query(
      `select r.refund_no from refunds r join orders o on o.id = r.order_id
      where o.store_id = $1 order by r.requested_at desc offset 500 limit 1`,
      [store.id],
    )
  ).rows[0] as { refund_no: string };
  // Who signs in to the pages (kept across BENCH_REUSE_DB runs).
  for (const [email, name, role, storeIds] of [
    ['bench-finance@bench.local', 'Bench Finance', 'finance', []],
    ['bench-store-manager@bench.local', 'Bench Manager', 'manager', [store.id]],
    ['bench-auditor@bench.local', 'Bench Admin', 'admin', []],
  ] as const) {
    const exists = (await pool.query('select 1 from staff_users where email = $1', [email])).rowCount;
    if (!exists)
      await createStaff({
        ctx: { db, actor: SYSTEM },
        input: { email, name, role, storeIds: [...storeIds], password: PASSWORD },
      });
  }
  const scopes: Record<Shape['who'], StoreScope> = {
    finance: scopeFor('finance', []),
    manager: scopeFor('manager', [store.id]),
  };

  const today = new Date();
  const day = (d: Date) => format(d, 'yyyy-MM-dd');
  const thisMonth = { from: day(startOfMonth(today)), to: day(today) };
  // The longest range the totals of an amount range count (EXACT_MAX_DAYS), ending today.
  const longestExact = { from: day(subDays(today, EXACT_MAX_DAYS - 1)), to: day(today) };
  const lastMonth = { from: day(addMonths(startOfMonth(today), -1)), to: day(subDays(startOfMonth(today), 1)) };
  const shapes: Shape[] = [
    { name: 'unfiltered', params: {}, who: 'finance' },
    { name: 'unfiltered', params: {}, who: 'manager' },
    { name: 'this month', params: thisMonth, who: 'finance' },
    { name: 'last month, completed', params: { ...lastMonth, basis: 'completed' }, who: 'finance' },
    { name: 'store', params: { store: store.id }, who: 'finance' },
    { name: 'staff member', params: { staff: refunder.id }, who: 'finance' },
    { name: 'status failed', params: { status: 'failed' }, who: 'finance' },
    { name: 'wallet', params: { wallet: 'PAYME' }, who: 'finance' },
    { name: 'reason', params: { reason: 'duplicate_payment' }, who: 'finance' },
    { name: 'unassigned', params: { store: 'unassigned' }, who: 'finance' },
    {
      name: 'store+status+wallet, last month',
      params: { ...lastMonth, store: store.id, status: 'succeeded', wallet: 'ALIPAYHK' },
      who: 'finance',
    },
    {
      name: 'staff+reason, this month',
      params: { ...thisMonth, staff: refunder.id, reason: 'returned_goods' },
      who: 'manager',
    },
    // An amount range: counted from the refunds, over at most EXACT_MAX_DAYS; without dates the
    // page lists and exports, and asks for dates for its totals.
    {
      name: `amount ≥ 2,000, ${EXACT_MAX_DAYS} days (no rollup)`,
      params: { ...longestExact, min: '2000.00' },
      who: 'finance',
    },
    {
      name: `amount ≥ 0.01 (all), ${EXACT_MAX_DAYS} days (no rollup)`,
      params: { ...longestExact, min: '0.01' },
      who: 'finance',
    },
    {
      name: 'amount 100–200, last month (no rollup)',
      params: { ...lastMonth, min: '100', max: '200' },
      who: 'finance',
    },
    {
      name: `amount ≥ 2,000, ${EXACT_MAX_DAYS} days (no rollup)`,
      params: { ...longestExact, min: '2000.00' },
      who: 'manager',
    },
    { name: 'amount ≥ 2,000, no dates (list; totals ask for dates)', params: { min: '2000.00' }, who: 'finance' },
    { name: 'amount ≥ 2,000, no dates (list; totals ask for dates)', params: { min: '2000.00' }, who: 'manager' },
    { name: 'refund number (no rollup)', params: { q: someRefund.refund_no }, who: 'finance' },
    { name: `page ${DEEP_PAGE}`, params: {}, who: 'finance', deep: true },
  ];

  const ratio = (a: number, b: number) => Math.round((a / Math.max(b, 0.001)) * 10) / 10;
  const rows: Array<Record<string, unknown>> = [];
  for (const shape of shapes) {
    const filter: RefundFilter = RefundFilterInput.parse(shape.params);
    const scope = scopes[shape.who];
    let after: string | undefined;
    if (shape.deep) {
      for (let page = 1; page < DEEP_PAGE; page += 1) {
        const result = await listRefunds(db, scope, filter, { after });
        if (!result.olderCursor) throw new Error(`only ${page} pages`);
        after = result.olderCursor;
      }
    }
    const aggregates = aggregatesAnswer(filter);
    const reads: Record<string, (db: Db) => Promise<unknown>> = {
      options: (d) => getRefundFilterOptions(d, scope),
      list: (d) => listRefunds(d, scope, filter, { after }),
      ...(aggregates
        ? { totals: (d: Db) => getRefundTotals(d, scope, filter), chart: (d: Db) => getRefundDaily(d, scope, filter) }
        : {}),
    };
    const measured: Record<string, { layer: Summary; raw: Summary; statements: number; ratioP50: number }> = {};
    for (const [name, read] of Object.entries(reads)) {
      const layer = summarize(await measure(() => read(db), { warmup: 3, runs: RUNS }));
      const statements = await statementsOf(read);
      const raw = summarize(
        await measure(
          async () => {
            for (const s of statements) await pool.query(s.sql, s.params);
          },
          { warmup: 3, runs: RUNS },
        ),
      );
      measured[name] = { layer, raw, statements: statements.length, ratioP50: ratio(layer.p50, raw.p50) };
    }
    // The page's data as the page reads it: the filter choices, then the other three side by side.
    const pageData = summarize(
      await measure(
        async () => {
          await reads.options!(db);
          await Promise.all([reads.list!(db), reads.totals?.(db), reads.chart?.(db)]);
        },
        { warmup: 3, runs: RUNS },
      ),
    );
    // How many refunds the shape matches (counted exactly where the page does not count them).
    const totals = aggregates
      ? await getRefundTotals(db, scope, filter)
      : await getRefundTotalsExact(db, scope, filter);
    const worst = Math.max(pageData.p95, ...Object.values(measured).map((m) => m.layer.p95));
    const row = {
      shape: shape.name,
      who: shape.who,
      params: shape.params,
      source: rollupFor(filter)
        ? filter.staff || filter.reason
          ? 'rollup (detail)'
          : 'rollup'
        : aggregates
          ? 'refunds'
          : 'list only',
      refunds: totals.all.count,
      reads: measured,
      pageData,
      meetsTarget: worst <= TARGET_P95,
      ...(shape.deep ? { cursor: after } : {}),
    };
    rows.push(row);
    say(
      `${shape.name} (${shape.who}): page data p50 ${pageData.p50} / p95 ${pageData.p95} ms — ` +
        Object.entries(measured)
          .map(([n, m]) => `${n} ${m.layer.p50}/${m.layer.p95} (raw ${m.raw.p50}, ${m.ratioP50}×)`)
          .join(', '),
    );
  }
  results.refundHistory = rows;

  // The audit log: every shape of tests/bench/lib/audit-shapes.ts, as the page reads it.
  const auditRows: Array<Record<string, unknown>> = [];
  if (counts.audit > 0) {
    const { auditShapes } = await import('./lib/audit-shapes');
    for (const shape of await auditShapes({ db, pool })) {
      const layer = summarize(await measure(() => shape.run(), { warmup: 3, runs: RUNS }));
      const statements = shape.statements();
      const raw = summarize(
        await measure(
          async () => {
            for (const s of statements) await pool.query(s.query.sql, s.query.params);
          },
          { warmup: 3, runs: RUNS },
        ),
      );
      const last = await shape.run();
      const answer =
        shape.expect === 'rows' && last.rows === 0
          ? 'NO ROWS'
          : shape.expect === 'none' && last.rows > 0
            ? 'ROWS'
            : 'ok';
      auditRows.push({
        shape: shape.name,
        query: shape.query,
        rows: last.rows,
        statements: statements.length,
        layer,
        raw,
        ratioP50: ratio(layer.p50, raw.p50),
        answer,
        meetsTarget: layer.p95 <= TARGET_P95 && answer === 'ok',
      });
      say(
        `audit ${shape.name}: p50 ${layer.p50} / p95 ${layer.p95} ms (raw ${raw.p50}, ${ratio(layer.p50, raw.p50)}×), ${last.rows} rows`,
      );
    }
  }
  results.auditLog = auditRows;

  // The pages, through a production build on the same database.
  const pageRows: Array<Record<string, unknown>> = [];
  let pageError: string | null = null;
  if (process.env.BENCH_SKIP_PAGE !== '1')
    try {
      say('starting the console (production build in .next-bench)…');
      const stack = await startBenchConsole({
        port: 3902,
        sandboxPort: 4902,
        dataDir: 'bench-finance-stack',
        databaseUrl: fresh.url,
      });
      try {
        const cookies = {
          finance: await signInCookie(stack.url, 'bench-finance@bench.local', PASSWORD),
          manager: await signInCookie(stack.url, 'bench-store-manager@bench.local', PASSWORD),
        };
        const adminCookie = await signInCookie(stack.url, 'bench-auditor@bench.local', PASSWORD);
        for (const row of rows) {
          const params = new URLSearchParams(row.params as Record<string, string>);
          if (row.cursor) params.set('after', row.cursor as string);
          const url = `${stack.url}/refunds${params.size ? `?${params}` : ''}`;
          const who = row.who as Shape['who'];
          // The chart, or in its place the request for dates.
          const expected = row.source === 'list only' ? 'totals-need-dates' : 'refund-daily-chart';
          const s = summarize(
            await measure(
              async () => {
                const response = await fetch(url, { headers: { Cookie: cookies[who] }, redirect: 'manual' });
                const body = await response.text();
                if (response.status !== 200) throw new Error(`GET ${url} as ${who}: HTTP ${response.status}`);
                if (!body.includes(expected)) throw new Error(`GET ${url}: no ${expected}`);
              },
              { warmup: 3, runs: PAGE_RUNS },
            ),
          );
          pageRows.push({ page: '/refunds', shape: row.shape, who, timing: s, meetsTarget: s.p95 <= TARGET_P95 });
          say(`GET /refunds ${row.shape} (${who}): p50 ${s.p50} ms, p95 ${s.p95} ms`);
        }
        for (const row of auditRows) {
          const params = new URLSearchParams(row.query as Record<string, string>);
          const url = `${stack.url}/audit${params.size ? `?${params}` : ''}`;
          const s = summarize(
            await measure(
              async () => {
                const response = await fetch(url, { headers: { Cookie: adminCookie }, redirect: 'manual' });
                const body = await response.text();
                if (response.status !== 200) throw new Error(`GET ${url}: HTTP ${response.status}`);
                if (!body.includes('audit-export')) throw new Error(`GET ${url}: not the audit log`);
              },
              { warmup: 3, runs: PAGE_RUNS },
            ),
          );
          pageRows.push({
            page: '/audit',
            shape: row.shape,
            who: 'admin',
            timing: s,
            meetsTarget: s.p95 <= TARGET_P95,
          });
          say(`GET /audit ${row.shape}: p50 ${s.p50} ms, p95 ${s.p95} ms`);
        }
      } finally {
        await stack.stop();
      }
    } catch (error) {
      pageError = error instanceof Error ? error.message : String(error);
      say(`page timings failed: ${pageError}`);
    }
  results.pages = pageRows;

  console.log(
    `\nRefund history at ${counts.orders.toLocaleString('en')} orders / ${counts.refunds.toLocaleString('en')} refunds / ${counts.audit.toLocaleString('en')} audit rows (p50/p95 over ${RUNS} runs, ms; raw = the same statements sent raw through the driver; × = layer / raw at p50)\n`,
  );
  const cell = (m: { layer: Summary; raw: Summary; ratioP50: number }) =>
    `${m.layer.p50}/${m.layer.p95} (${m.ratioP50}×)`;
  console.log(
    formatTable(
      ['shape', 'who', 'source', 'refunds', 'page data p50/p95', 'options', 'list', 'totals', 'chart', 'ok'],
      rows.map((r) => {
        const reads = r.reads as Record<string, { layer: Summary; raw: Summary; ratioP50: number }>;
        const page = r.pageData as Summary;
        return [
          r.shape as string,
          r.who as string,
          r.source as string,
          (r.refunds as number).toLocaleString('en'),
          `${page.p50}/${page.p95}`,
          cell(reads.options!),
          cell(reads.list!),
          reads.totals ? cell(reads.totals) : '—',
          reads.chart ? cell(reads.chart) : '—',
          r.meetsTarget ? 'yes' : 'NO',
        ];
      }),
    ),
  );
  if (auditRows.length) {
    console.log(
      `\nAudit log at ${counts.audit.toLocaleString('en')} rows (data layer as the page reads it, p50/p95 ms; raw = the same statements sent raw)\n`,
    );
    console.log(
      formatTable(
        ['shape', 'rows', 'p50', 'p95', 'raw p50', '×', 'answer', 'ok'],
        auditRows.map((r) => {
          const layer = r.layer as Summary;
          return [
            r.shape as string,
            String(r.rows),
            layer.p50,
            layer.p95,
            (r.raw as Summary).p50,
            `${r.ratioP50 as number}×`,
            r.answer as string,
            r.meetsTarget ? 'yes' : 'NO',
          ];
        }),
      ),
    );
  }
  if (pageRows.length) {
    console.log(`\nPages on a production build (server response to the last byte; ${PAGE_RUNS} runs, ms)\n`);
    console.log(
      formatTable(
        ['page', 'shape', 'who', 'p50', 'p95', 'ok'],
        pageRows.map((r) => {
          const s = r.timing as Summary;
          return [r.page as string, r.shape as string, r.who as string, s.p50, s.p95, r.meetsTarget ? 'yes' : 'NO'];
        }),
      ),
    );
  }
  const file = writeResults(ORDER_COUNT === 10_000_000 ? 'finance' : `finance-${ORDER_COUNT}`, {
    when: new Date().toISOString(),
    machine: { cpus: os.cpus().length, loadBefore: LOAD_BEFORE, loadAfter: os.loadavg() },
    counts,
    seedSeconds: { orders: ordersSeedSeconds, audit: auditSeedSeconds },
    targetP95Ms: TARGET_P95,
    pageError,
    ...results,
  });
  say(
    `wrote ${file}; load average before ${LOAD_BEFORE.map((l) => l.toFixed(2)).join(' ')}, after ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const failing = [...rows, ...auditRows, ...pageRows].filter((r) => !r.meetsTarget);
  if (failing.length || pageError) process.exitCode = 1;
} finally {
  await database.close();
  if (process.env.BENCH_KEEP !== '1') await fresh.drop();
  else say(`kept ${fresh.url} (BENCH_REUSE_DB=${new URL(fresh.url).pathname.slice(1)} measures it again)`);
  server.stop();
}
