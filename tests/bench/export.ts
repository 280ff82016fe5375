/**
 * `npm run bench:export` — the refund CSV export at 1,000,000 refunds on real PostgreSQL, through
 * the same streaming function the route uses (`exportRefundsCsv`), written to /dev/null (or
 * BENCH_EXPORT_OUT). Each export runs in a child process so that its peak memory is its own:
 * `process.resourceUsage().maxRSS` of the child, plus the RSS sampled every 20 ms, with the RSS
 * before the export started as the baseline. A filtered export of 5 % runs first, so the table
 * shows whether memory follows the row count. Prints a table and writes
 * tests/bench/results/export.json. Targets (every refund): ≤ 15 s and ≤ 250 MB peak RSS.
 *
 * Database: a fresh one on BENCH_DATABASE_URL / TEST_DATABASE_URL's server, else a throwaway
 * cluster (scripts/postgres.sh, .data/bench-export-pg, port BENCH_PG_PORT or 55447).
 * BENCH_REFUNDS changes the count; BENCH_BATCH_SIZE the rows per read; BENCH_KEEP=1 keeps the
 * database.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { and, desc, eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import type { Database, Db } from '@/db/connect';
import * as schema from '@/db/schema';
import { auditLog } from '@/db/schema';
import { type StaffActor, SYSTEM } from '@/lib/auth/actor';
import { scopeFor } from '@/lib/auth/scope';
import { EXPORT_BATCH_SIZE, exportRefundsCsv } from '@/lib/finance/export-refunds';
import { RefundFilterInput } from '@/lib/finance/refund-filter';
import { benchServer, freshDatabase } from './lib/postgres';
import { formatTable, writeResults } from './lib/report';

const REFUNDS = Number(process.env.BENCH_REFUNDS ?? 1_000_000);
const BATCH_SIZE = Number(process.env.BENCH_BATCH_SIZE ?? EXPORT_BATCH_SIZE);
const TARGET_SECONDS = 15;
const TARGET_PEAK_MB = 250;
const MB = 1024 * 1024;

interface ChildResult {
  rows: number;
  bytes: number;
  seconds: number;
  /** CPU time of the exporting process (user + system): what the export costs when the machine is busy. */
  cpuSeconds: number;
  baselineRssMb: number;
  peakRssMb: number;
  sampledPeakRssMb: number;
  auditedRows: number | null;
}

if (process.argv[2] === '--child') {
  const [, , , url, staffId, filter] = process.argv;
  process.stdout.write(`${JSON.stringify(await runExport(url!, staffId!, JSON.parse(filter!)))}\n`);
  process.exit(0);
} else {
  await main();
}

async function main() {
  const t0 = performance.now();
  const say = (line: string) => console.log(`[${((performance.now() - t0) / 1000).toFixed(1)} s] ${line}`);
  // Its own folder and port: the orders benchmark keeps its cluster in .data/bench-pg (55440).
  const server = await benchServer({ dir: '.data/bench-export-pg', port: Number(process.env.BENCH_PG_PORT ?? 55447) });
  const fresh = await freshDatabase(server.url, 'eftpay_bench_export');
  // Imported here, not at the top: the exporting child must not load the embedded database (or
  // argon2) that only the seeding needs.
  const { connect, migrate } = await import('@/db/connect');
  const database = await connect({ url: fresh.url, poolSize: 2 });
  try {
    await migrate(database);
    say(`seeding ${REFUNDS.toLocaleString('en')} refunds on ${new URL(server.url).host}…`);
    const finance = await seed(database.pool!, database.db);
    // A small filtered export first, then all of them: peak memory must not follow the row count.
    const runs: Array<{ label: string; filter: Record<string, string> }> = [
      { label: 'failed refunds (5 %)', filter: { status: 'failed' } },
      { label: 'every refund', filter: {} },
    ];
    const results: Array<ChildResult & { label: string; filter: Record<string, string> }> = [];
    for (const run of runs) {
      say(`exporting ${run.label} in a child process…`);
      results.push({ ...run, ...(await runChild(fresh.url, finance, run.filter)) });
    }
    const full = results.at(-1)!;
    const small = results[0]!;
    say('done');

    const rowsPerSecond = Math.round(full.rows / full.seconds);
    const ok = {
      rows: full.rows === REFUNDS && full.auditedRows === REFUNDS && small.rows === small.auditedRows,
      time: full.seconds <= TARGET_SECONDS,
      memory: full.peakRssMb <= TARGET_PEAK_MB,
    };
    const row = (r: (typeof results)[number]) => [
      r.label,
      `${r.rows.toLocaleString('en')} (${r.auditedRows?.toLocaleString('en')})`,
      r.bytes / MB,
      r.seconds,
      r.cpuSeconds,
      Math.round(r.rows / r.seconds).toLocaleString('en'),
      r.baselineRssMb,
      r.peakRssMb,
      r.sampledPeakRssMb,
    ];
    console.log(
      `\n${formatTable(
        [
          'export',
          'rows (audited)',
          'CSV MB',
          'time s',
          'CPU s',
          'rows/s',
          'RSS before MB',
          'peak RSS MB (maxRSS)',
          'peak RSS MB (sampled)',
        ],
        results.map(row),
      )}\n\nTargets for every refund: ≤ ${TARGET_SECONDS} s, ≤ ${TARGET_PEAK_MB} MB peak RSS. ` +
        `CPU s is the exporting process's own CPU time (user + system): the part of the time that does ` +
        `not depend on how busy the machine is.\n`,
    );
    const file = writeResults('export', {
      benchmark: 'refund CSV export (exportRefundsCsv → /dev/null), each run in its own child process',
      at: new Date().toISOString(),
      database: 'postgres',
      refunds: REFUNDS,
      batchSize: BATCH_SIZE,
      loadAverage: os.loadavg(),
      cpus: os.cpus().length,
      runs: results,
      rowsPerSecond,
      targets: { seconds: TARGET_SECONDS, peakRssMb: TARGET_PEAK_MB },
      ok,
    });
    say(`wrote ${file}`);
    if (!ok.rows || !ok.time || !ok.memory) {
      console.error('✘ export benchmark missed a target', ok);
      process.exitCode = 1;
    }
  } finally {
    await database.close();
    if (process.env.BENCH_KEEP !== '1') await fresh.drop();
    server.stop();
  }
}

/**
 * Three stores (and unassigned orders), four staff, REFUNDS/2 paid orders with two refunds each,
 * requested over 90 days; every status and reason; one note in ten in Chinese, some with commas
 * and quotes so the CSV has to quote. Made inside the database with generate_series.
 */
async function seed(pool: NonNullable<Database['pool']>, db: Database['db']) {
  const { createStaff } = await import('@/lib/staff/create');
  const staff: string[] = [];
  for (const [i, role] of (['manager', 'manager', 'supervisor', 'finance'] as const).entries()) {
    const created = await createStaff({
      ctx: { db, actor: SYSTEM },
      input: {
        email: `bench-${i}@bench.local`,
        name: `Bench ${role} ${i}`,
        role,
        storeIds: [],
        password: 'quartz-lantern-kowloon-4817',
      },
    });
    staff.push(created.id);
  }
  await pool.query(
    `insert into stores (code, name) values ('BCWB', 'Causeway Bay'), ('BTST', 'Tsim Sha Tsui'), ('BMK', 'Mong Kok')`,
  );
  const orders = Math.ceil(REFUNDS / 2);
  await pool.query(
    `insert into orders (out_trade_no, eftpay_trade_no, wallet, store_id, amount_cents, status, refunded_cents,
                         created_at, paid_at)
     select 'BX' || lpad(g::text, 10, '0'), 'EP' || lpad((g::bigint * 7919)::text, 16, '0'),
            (array['ALIPAYHK','WECHATHK','ALIPAYCN','WECHATCN','PAYME','UNIONPAY'])[1 + g % 6]::wallet,
            case when g % 50 = 0 then null else (select array_agg(id order by code) from stores)[1 + g % 3] end,
            10000 + ((g::bigint * 104729) % 490000)::int, 'paid', 0, ts, ts
     from (select g, now() - (g % 129600) * interval '1 minute' as ts from generate_series(1, $1::int) g) x`,
    [orders],
  );
  await pool.query(
    `insert into refunds (order_id, refund_no, idempotency_key, amount_cents, reason, note, status, gateway_api,
                          gateway_status, gateway_message, requested_by, requested_at, completed_at, updated_at)
     select o.id, 'RX' || lpad(g::text, 12, '0'), 'bench-' || g, 100 + (g * 7) % 9900,
            (array['customer_request','returned_goods','duplicate_payment','wrong_amount','service_problem','other'])[1 + g % 6]::refund_reason,
            case when g % 10 = 0 then '顧客退回貨品，包裝完好 #' || g when g % 10 = 1 then 'size "M", not "L", swapped' end,
            st::refund_status, 'app-refund',
            case st when 'succeeded' then 'REFUND_SUCCESS' when 'failed' then 'REFUND_FAIL' when 'processing' then 'TRADE_PROCESSING' end,
            case st when 'failed' then '退款失敗' end,
            ($2::uuid[])[1 + g % 3], o.created_at + interval '1 hour',
            case when st in ('succeeded', 'failed') then o.created_at + interval '1 hour 3 seconds' end,
            o.created_at + interval '1 hour'
     from (select g, case when g % 20 = 0 then 'failed' when g % 50 = 1 then 'processing' when g % 97 = 0 then 'unknown'
                          else 'succeeded' end as st
           from generate_series(1, $1::int) g) r
     join orders o on o.out_trade_no = 'BX' || lpad(((r.g + 1) / 2)::text, 10, '0')`,
    [REFUNDS, `{${staff.slice(0, 3).join(',')}}`],
  );
  await pool.query('vacuum analyze orders');
  await pool.query('vacuum analyze refunds');
  await pool.query('analyze stores');
  await pool.query('analyze staff_users');
  return staff[3]!;
}

function runChild(url: string, staffId: string, filter: Record<string, string>): Promise<ChildResult> {
  const script = fileURLToPath(import.meta.url);
  const child = spawn(
    process.execPath,
    ['--conditions=react-server', '--import', 'tsx', script, '--child', url, staffId, JSON.stringify(filter)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  child.stdout.on('data', (chunk) => {
    out += chunk;
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`export child exited with ${code}`));
      resolve(JSON.parse(out.trim().split('\n').at(-1)!) as ChildResult);
    });
  });
}

/** In the child: the export exactly as the route runs it, for a finance user (every store). */
async function runExport(url: string, staffId: string, filter: Record<string, string>): Promise<ChildResult> {
  // node-postgres straight through Drizzle, as `connect({ url })` does, without importing the
  // embedded database as well (its module alone adds ~45 MB of RSS that a Postgres export never uses).
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const db = drizzle(pool, { schema }) as unknown as Db;
  const actor: StaffActor = {
    kind: 'staff',
    staffId,
    sessionId: null,
    name: 'Bench finance',
    email: 'bench-3@bench.local',
    role: 'finance',
    storeIds: [],
    scope: scopeFor('finance', []),
    ip: '127.0.0.1',
    userAgent: 'bench',
  };
  const baseline = process.memoryUsage().rss;
  let sampledPeak = baseline;
  const sampler = setInterval(() => {
    sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss);
  }, 20);
  let bytes = 0;
  let newlines = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) newlines += 1;
      done(null, chunk);
    },
  });
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  await pipeline(
    exportRefundsCsv({ ctx: { db, actor }, input: RefundFilterInput.parse(filter), batchSize: BATCH_SIZE }),
    counter,
    fs.createWriteStream(process.env.BENCH_EXPORT_OUT ?? '/dev/null'),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  clearInterval(sampler);
  const [audit] = await db
    .select({ data: auditLog.data })
    .from(auditLog)
    .where(and(eq(auditLog.actorStaffId, staffId), eq(auditLog.action, 'refunds.exported')))
    .orderBy(desc(auditLog.id))
    .limit(1);
  await pool.end();
  return {
    // One line per row plus the header (the seeded notes hold no line breaks).
    rows: newlines - 1,
    bytes,
    seconds: Math.round(seconds * 100) / 100,
    cpuSeconds: Math.round((cpu.user + cpu.system) / 10_000) / 100,
    baselineRssMb: Math.round((baseline / MB) * 10) / 10,
    // maxRSS is in kilobytes.
    peakRssMb: Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10,
    sampledPeakRssMb: Math.round((sampledPeak / MB) * 10) / 10,
    auditedRows: (audit?.data as { rows?: number } | undefined)?.rows ?? null,
  };
}
