/**
 * `npm run bench:audit` — what the audit log's hash chain costs on real PostgreSQL (docs/adr/0009):
 *
 * 1. audited transactions per second — each locks its own order, updates it and writes one audit
 *    row about it, as the verbs do — at 1, 8 and 32 concurrent writers, with the chain and without
 *    it (its trigger disabled: the chain lock serialises only the audit rows' appends);
 * 2. appending BENCH_ROWS rows in one statement (a seed) through the trigger;
 * 3. `verifyAuditChain` over them: rows per second and the verifier's peak memory;
 * 4. the upgrade: migration 0008 chaining BENCH_ROWS rows that were written before it.
 *
 * Database: fresh ones on BENCH_DATABASE_URL / TEST_DATABASE_URL's server, else a throwaway
 * cluster (scripts/postgres.sh, .data/bench-audit-pg, port BENCH_PG_PORT or 55448; it runs with
 * fsync off — on a durable server each audited commit also waits for its WAL flush while holding
 * the chain). BENCH_ROWS (200,000), BENCH_SECONDS per measurement (5).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { connect, type Database, migrate } from '@/db/connect';
import { orders } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { verifyAuditChain } from '@/lib/audit/verify-chain';
import { benchServer, freshDatabase } from './lib/postgres';
import { formatTable, writeResults } from './lib/report';

const ROWS = Number(process.env.BENCH_ROWS ?? 200_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const WRITERS = [1, 8, 32];
const MB = 1024 * 1024;
/** The server, once `main` has it. */
let server: Awaited<ReturnType<typeof benchServer>>;

async function withFreshDatabase<T>(fn: (database: Database) => Promise<T>, migrated = true): Promise<T> {
  const fresh = await freshDatabase(server.url, 'bench_audit');
  const database = await connect({ url: fresh.url, poolSize: 40 });
  try {
    if (migrated) await migrate(database);
    return await fn(database);
  } finally {
    await database.close();
    await fresh.drop();
  }
}

async function auditedThroughput() {
  return withFreshDatabase(async (database) => {
    const db = database.db;
    const ids = (
      await db
        .insert(orders)
        .values(
          Array.from({ length: 32 }, (_, i) => ({
            outTradeNo: `BENCH${i}`,
            wallet: 'ALIPAYHK' as const,
            amountCents: 100,
          })),
        )
        .returning({ id: orders.id })
    ).map((r) => r.id);
    const audited = (orderId: string) =>
      db.transaction(async (tx) => {
        await tx.select({ id: orders.id }).from(orders).where(eq(orders.id, orderId)).for('update');
        await tx.update(orders).set({ updatedAt: new Date() }).where(eq(orders.id, orderId));
        await recordAudit(tx, { kind: 'system' }, { action: 'bench.audited', entityType: 'order', orderId });
      });
    const perSecond = async (writers: number) => {
      const until = Date.now() + SECONDS * 1000;
      let done = 0;
      await Promise.all(
        ids.slice(0, writers).map(async (id) => {
          while (Date.now() < until) {
            await audited(id);
            done += 1;
          }
        }),
      );
      return done / SECONDS;
    };
    // Warm every connection of the pool first, then alternate: with, without, with again (the
    // later runs meet a larger table; the figure kept for each mode is its better one).
    await perSecond(32);
    const withChain: number[] = [];
    for (const writers of WRITERS) withChain.push(await perSecond(writers));
    const report = await verifyAuditChain(db);
    if (report.problemCount > 0) throw new Error(`the chain broke under load: ${JSON.stringify(report.problems[0])}`);
    const chain = (on: boolean) =>
      db.execute(sql.raw(`alter table audit_log ${on ? 'enable' : 'disable'} trigger zz_audit_log_chain`));
    await db.execute(sql`alter table audit_log drop constraint audit_log_chained`);
    await chain(false);
    const without: number[] = [];
    for (const writers of WRITERS) without.push(await perSecond(writers));
    await chain(true);
    for (const [i, writers] of WRITERS.entries()) withChain[i] = Math.max(withChain[i]!, await perSecond(writers));
    await chain(false);
    for (const [i, writers] of WRITERS.entries()) without[i] = Math.max(without[i]!, await perSecond(writers));
    return WRITERS.map((writers, i) => ({ writers, withChain: withChain[i]!, without: without[i]! }));
  });
}

const SEED = sql`insert into audit_log (actor_kind, action, entity_type, entity_id, data)
  select 'system', 'bench.seeded', 'test', i::text, jsonb_build_object('i', i, 'note', 'row ' || i)
  from generate_series(1, ${ROWS}) as i`;

async function bulkAndVerify() {
  return withFreshDatabase(async (database) => {
    let started = Date.now();
    await database.db.execute(SEED);
    const insertSeconds = (Date.now() - started) / 1000;
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    let peakHeap = heapBefore;
    const sampler = setInterval(() => {
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    }, 20);
    started = Date.now();
    const report = await verifyAuditChain(database.db);
    const verifySeconds = (Date.now() - started) / 1000;
    clearInterval(sampler);
    if (report.problemCount > 0 || report.rows !== ROWS) throw new Error(`unexpected report ${JSON.stringify(report)}`);
    return {
      insertSeconds,
      verifySeconds,
      rowsPerSecond: ROWS / verifySeconds,
      heapGrowthMb: (peakHeap - heapBefore) / MB,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    };
  });
}

async function backfill() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-audit-migrations-'));
  try {
    const source = path.join(process.cwd(), 'db', 'migrations');
    fs.cpSync(source, dir, { recursive: true });
    const journalFile = path.join(dir, 'meta', '_journal.json');
    const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: Array<{ tag: string }> };
    journal.entries = journal.entries.slice(
      0,
      journal.entries.findIndex((e) => e.tag === '0007_audit_chain_columns'),
    );
    fs.writeFileSync(journalFile, JSON.stringify(journal));
    return await withFreshDatabase(async (database) => {
      await migratePg(database.db as never, { migrationsFolder: dir });
      await database.db.execute(SEED);
      const started = Date.now();
      await migratePg(database.db as never, { migrationsFolder: source });
      const seconds = (Date.now() - started) / 1000;
      const report = await verifyAuditChain(database.db);
      if (report.problemCount > 0 || report.rows !== ROWS)
        throw new Error(`unexpected report ${JSON.stringify(report)}`);
      return { rows: ROWS, seconds };
    }, false);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  server = await benchServer({ dir: '.data/bench-audit-pg', port: Number(process.env.BENCH_PG_PORT ?? 55448) });
  try {
    const durability = await withFreshDatabase(async (database) => {
      const setting = async (name: string) =>
        ((await database.db.execute(sql.raw(`show ${name}`))) as unknown as { rows: Array<Record<string, string>> })
          .rows[0]![name];
      return { fsync: await setting('fsync'), synchronousCommit: await setting('synchronous_commit') };
    }, false);
    const throughput = await auditedThroughput();
    const bulk = await bulkAndVerify();
    const upgrade = await backfill();
    console.log(
      `\nAudited transactions per second (${SECONDS} s each, one order per writer; fsync ${durability.fsync}, synchronous_commit ${durability.synchronousCommit})`,
    );
    console.log(
      formatTable(
        ['writers', 'with chain', 'without', 'ratio'],
        throughput.map((t) => [String(t.writers), t.withChain, t.without, t.withChain / t.without]),
      ),
    );
    console.log(`\n${ROWS.toLocaleString('en')} rows in one INSERT … SELECT: ${bulk.insertSeconds.toFixed(1)} s`);
    console.log(
      `verifyAuditChain: ${bulk.verifySeconds.toFixed(1)} s, ${Math.round(bulk.rowsPerSecond).toLocaleString('en')} rows/s, ` +
        `heap +${bulk.heapGrowthMb.toFixed(0)} MB (peak RSS ${bulk.peakRssMb.toFixed(0)} MB)`,
    );
    console.log(`Migration 0008 chaining ${ROWS.toLocaleString('en')} earlier rows: ${upgrade.seconds.toFixed(1)} s`);
    const file = writeResults('audit-chain', {
      at: new Date().toISOString(),
      machine: { cpus: os.cpus().length, loadavg: os.loadavg() },
      rows: ROWS,
      seconds: SECONDS,
      throughput,
      bulk,
      upgrade,
    });
    console.log(`\n→ ${path.relative(process.cwd(), file)}`);
  } finally {
    server.stop();
  }
}

await main();
