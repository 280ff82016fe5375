import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Database, type Db, migrate } from '@/db/connect';
import { orders, refunds } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actor';
import { type RunningWorker, startWorker } from '@/lib/jobs/worker';
import { createRefund } from '@/lib/refunds/create';
import { refundTotals } from '@/lib/refunds/remainder';
import { TEST_DB_KIND } from '../../support/db';
import { makeStaff, makeStore, orderRow, refundInput, refundRow } from '../../support/fixtures';
import { testDatabaseForFile } from '../../support/harness';
import { setDatabase } from '../../support/seams/database';
import { waitUntil } from '../../support/wait';
import { ingestFromQuery, orderByNo, preOrder, SECRET, startConsoleGateway, USER_CONFIRM_KEY } from './helpers';

/**
 * A worker killed mid-pass (SIGKILL: no clean stop, nothing released) and the next worker's start
 * (docs/adr/0008-recovery-after-a-crash.md). The killed worker runs in a process of its own
 * (tests/support/worker-process.ts) against this file's database and sandbox; its calls to eftPay
 * are held by the sandbox, so it dies with them in flight. On Postgres both processes share the
 * database; PGlite is one process's database, so there the test hands its folder to the worker
 * process and opens it again after the kill (the embedded database's own crash recovery included).
 */

/** Postgres: this file's database. PGlite: a folder, open in one process at a time. */
const shared = TEST_DB_KIND === 'postgres' ? testDatabaseForFile() : undefined;
let folder: { dir: string; dataDir: string; database?: Database } | undefined;
let database: Database;
let db: Db;
let gw: Awaited<ReturnType<typeof startConsoleGateway>>;
let tid: string;
let manager: StaffActor;
let child: ChildProcess | undefined;
let worker: RunningWorker | undefined;

/** The killed worker's whole-call timeout and claim margin: its claims last 4 s + 1 s. */
const CHILD_TIMEOUT_MS = 4_000;
const CHILD_LEASE_MARGIN_MS = 1_000;
const CHILD_LEASE_MS = CHILD_TIMEOUT_MS + CHILD_LEASE_MARGIN_MS;
/** The requirement: every claimed row is asked about again within this long of the next start. */
const RECOVERY_LIMIT_MS = 60_000;

async function openFolder(dataDir: string): Promise<Database> {
  const opened = await connect({ dataDir });
  setDatabase(opened);
  folder!.database = opened;
  return opened;
}

beforeAll(async () => {
  if (shared) {
    database = shared;
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'killed-worker-'));
    folder = { dir, dataDir: path.join(dir, 'pglite') };
    database = await openFolder(folder.dataDir);
    await migrate(database);
  }
  db = database.db;
  gw = await startConsoleGateway({ timeoutMs: 2_000 });
  const store = await makeStore(db);
  tid = store.tids[0]!;
  manager = await makeStaff(db, 'manager', [store.id]);
});

afterAll(async () => {
  child?.kill('SIGKILL');
  await worker?.stop();
  await gw.close();
  if (folder) {
    await folder.database?.close();
    fs.rmSync(folder.dir, { recursive: true, force: true });
  }
});

/** The worker process gets the database: the same Postgres database, or the PGlite folder. */
async function handOver(): Promise<Record<string, string>> {
  if (!folder) return { DATABASE_URL: shared!.url! };
  await folder.database!.close();
  folder.database = undefined;
  return { DATABASE_URL: '', PGLITE_DIR: folder.dataDir };
}

async function takeBack(): Promise<void> {
  if (!folder) return;
  database = await openFolder(folder.dataDir);
  db = database.db;
}

/** A paid order with a refund whose answer was lost: `unknown`, its money reserved, done at eftPay. */
async function unknownRefund() {
  const outTradeNo = await preOrder(db, { wallet: 'ALIPAYHK', amountCents: 8_000, tid });
  await gw.control.pay(outTradeNo);
  await waitUntil(async () => (await orderByNo(db, outTradeNo)) !== undefined);
  const order = (await orderByNo(db, outTradeNo))!;
  await gw.control.fault({ match: { outTradeNo, path: 'AppTradeRefund.do' }, fault: 'timeout', delayMs: 3_000 });
  const created = await createRefund({ ctx: { db, actor: manager }, input: refundInput(order.id, '80.00') });
  expect(created.status).toBe('unknown');
  return { orderId: order.id, outTradeNo, refundId: created.refundId, refundNo: created.refundNo };
}

/** A PayMe order we know unpaid, that the customer has since paid (PayMe never notifies). */
async function paymeOrderPaidSince() {
  const outTradeNo = await preOrder(db, { wallet: 'PAYME', amountCents: 4_400, tid });
  const order = await ingestFromQuery(db, outTradeNo, 'PAYME');
  await gw.control.pay(outTradeNo);
  return { orderId: order.id, outTradeNo };
}

function spawnWorker(databaseEnv: Record<string, string>): ChildProcess {
  const env = {
    ...process.env,
    ...databaseEnv,
    AUTH_SECRET: 'worker-process-auth-secret-0123456789abcdef',
    EFTPAY_BASE_URL: gw.sandbox.url,
    EFTPAY_USER_CONFIRM_KEY: USER_CONFIRM_KEY,
    EFTPAY_SECRET_CODE: SECRET,
    EFTPAY_TIMEOUT_MS: String(CHILD_TIMEOUT_MS),
    WORKER_CONCURRENCY: '2',
    WORKER_LEASE_MARGIN_MS: String(CHILD_LEASE_MARGIN_MS),
    LOG_LEVEL: 'silent',
  };
  // Node itself with tsx's loader, not the tsx command (which would run it in a grandchild that
  // SIGKILL never reaches): the pid killed is the worker's own.
  return spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'tests/support/worker-process.ts'], {
    cwd: process.cwd(),
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

const refundQueriesReceived = (refundNo: string) =>
  gw.sandbox
    .requests({ path: 'JSAPIService.do' })
    .filter((entry) => (entry.body as Record<string, string>).refund_no === refundNo);

describe(`a worker killed mid-pass (${TEST_DB_KIND})`, () => {
  it('holds back only the rows it was asking about, and the next worker asks about them again within seconds', async () => {
    const [a, b, c] = [await unknownRefund(), await unknownRefund(), await unknownRefund()];
    const [p, q] = [await paymeOrderPaidSince(), await paymeOrderPaidSince()];
    // All due; refunds a and b soonest, so the killed worker's two lanes take exactly those.
    const dueAt = (seconds: number) => new Date(Date.now() - seconds * 1_000);
    for (const [refund, seconds] of [
      [a, 30],
      [b, 29],
      [c, 28],
    ] as const) {
      await db
        .update(refunds)
        .set({ nextCheckAt: dueAt(seconds) })
        .where(eq(refunds.id, refund.refundId));
    }
    await db
      .update(orders)
      .set({ nextCheckAt: dueAt(20) })
      .where(inArray(orders.id, [p.orderId, q.orderId]));
    // eftPay is slow for those two Queries: the killed worker dies with both in flight.
    for (const refund of [a, b]) {
      await gw.control.fault({ match: { refundNo: refund.refundNo }, fault: 'timeout', delayMs: 30_000 });
    }

    child = spawnWorker(await handOver());
    let output = '';
    child.stderr?.on('data', (chunk) => (output += String(chunk)));
    const exited = new Promise<void>((resolve) => child!.once('exit', () => resolve()));
    await waitUntil(
      () => refundQueriesReceived(a.refundNo).length + refundQueriesReceived(b.refundNo).length === 2,
      30_000,
      `the worker process asking eftPay about both refunds${output ? ` (${output})` : ''}`,
    );
    child.kill('SIGKILL');
    await exited;
    const killedAt = Date.now();
    await takeBack();

    // Claimed: only the two in flight, each for one call plus the margin.
    for (const refund of [a, b]) {
      const row = await refundRow(db, refund.refundId);
      expect(row.status).toBe('unknown');
      expect(row.nextCheckAt!.getTime()).toBeGreaterThan(killedAt - CHILD_LEASE_MS);
      expect(row.nextCheckAt!.getTime()).toBeLessThanOrEqual(killedAt + CHILD_LEASE_MS);
    }
    // Not reached by the dead pass: not pushed back at all.
    expect((await refundRow(db, c.refundId)).nextCheckAt!.getTime()).toBeLessThanOrEqual(killedAt);
    for (const order of [p, q]) {
      expect((await orderRow(db, order.orderId)).nextCheckAt!.getTime()).toBeLessThanOrEqual(killedAt);
    }

    // The next worker, with an interval that never comes round during the test.
    const startedAt = Date.now();
    worker = await startWorker(database, { intervalSeconds: 3_600 });
    const settledAfter = new Map<string, number>();
    const rows = [
      ...[a, b, c].map((r) => ({ key: r.refundNo, refundId: r.refundId })),
      ...[p, q].map((o) => ({ key: o.outTradeNo, orderId: o.orderId })),
    ];
    await waitUntil(
      async () => {
        for (const row of rows) {
          if (settledAfter.has(row.key)) continue;
          const done =
            'refundId' in row
              ? (await refundRow(db, row.refundId!)).status === 'succeeded'
              : (await orderRow(db, row.orderId!)).status === 'paid';
          if (done) settledAfter.set(row.key, Date.now() - startedAt);
        }
        return settledAfter.size === rows.length;
      },
      RECOVERY_LIMIT_MS,
      'every row the dead worker left settled',
    );
    const times = Object.fromEntries(settledAfter);
    console.info(
      `recovery after SIGKILL, ms after the next start (killed ${startedAt - killedAt} ms before): ${JSON.stringify(times)}`,
    );
    for (const ms of settledAfter.values()) expect(ms).toBeLessThanOrEqual(RECOVERY_LIMIT_MS);
    // The claimed rows waited for their claims, no longer: within the claim plus a look for due work.
    for (const refund of [a, b]) expect(settledAfter.get(refund.refundNo)).toBeLessThanOrEqual(CHILD_LEASE_MS + 8_000);

    // Each refund settled once, from eftPay's answer: refunded exactly what was refunded.
    for (const refund of [a, b, c]) {
      expect(await orderRow(db, refund.orderId)).toMatchObject({ status: 'fully_refunded', refundedCents: 8_000 });
      expect(await refundTotals(db, refund.orderId)).toEqual({ refundedCents: 8_000, inFlightCents: 0, awaitingApprovalCents: 0 });
      expect((await gw.control.order(refund.outTradeNo))?.refunds).toHaveLength(1);
    }
  }, 120_000);
});
