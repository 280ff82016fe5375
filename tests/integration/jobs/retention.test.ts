import { count, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/connect';
import { auditLog, gatewayNotifications, rejectedNotifications, signInAttempts } from '@/db/schema';
import { verifyAuditChain } from '@/lib/audit/verify-chain';
import { signIn } from '@/lib/auth/sign-in';
import type { RetentionSummary } from '@/lib/jobs/retention';
import { runRetention } from '@/lib/jobs/retention';
import { RETENTION_QUEUE, type RunningWorker, startWorker } from '@/lib/jobs/worker';
import { makeStaff } from '../../support/fixtures';
import { testDatabaseForFile } from '../../support/harness';
import { waitUntil } from '../../support/wait';
import { startConsoleGateway } from '../gateway/helpers';

const database = testDatabaseForFile();
let db: Db;
const workers: RunningWorker[] = [];
// The console's configuration (the worker reads it) with the sandbox behind it.
let gw: Awaited<ReturnType<typeof startConsoleGateway>>;
const DAY = 24 * 60 * 60_000;

beforeAll(async () => {
  db = database.db;
  gw = await startConsoleGateway();
});
afterAll(async () => {
  for (const worker of workers) await worker.stop();
  await gw.close();
});

const daysAgo = (days: number) => new Date(Date.now() - days * DAY);

async function seed(prefix: string, ages: { notify: number[]; attempts: number[] }) {
  for (const [i, age] of ages.notify.entries()) {
    await db.insert(rejectedNotifications).values({
      reason: 'bad_signature',
      ip: `${prefix}-${age}-${i}`,
      bodyBytes: 2,
      bodySha256: '0'.repeat(64),
      bodyExcerpt: '{}',
      receivedAt: daysAgo(age),
    });
  }
  for (const [i, age] of ages.attempts.entries()) {
    await db.insert(signInAttempts).values({ ip: `${prefix}-${age}-${i}`, succeeded: false, at: daysAgo(age) });
  }
}

const ipsLeft = async (prefix: string) => ({
  notify: (
    await db
      .select()
      .from(rejectedNotifications)
      .where(like(rejectedNotifications.ip, `${prefix}-%`))
  ).length,
  attempts: (
    await db
      .select()
      .from(signInAttempts)
      .where(like(signInAttempts.ip, `${prefix}-%`))
  ).length,
});
const countOf = async (table: typeof auditLog | typeof gatewayNotifications) =>
  (await db.select({ n: count() }).from(table))[0]!.n;

describe('retention', () => {
  it('deletes refused notifications older than 30 days and sign-in attempts older than 90, in batches, and nothing else', async () => {
    await makeStaff(db, 'admin');
    await signIn(db, { email: 'nobody@test.local', password: 'x' }, { ip: 'ret-a-live', userAgent: null });
    await seed('ret-a', { notify: [31, 31, 31, 40, 29, 1], attempts: [91, 91, 120, 89, 0] });
    const audit = await countOf(auditLog);
    const notifications = await countOf(gatewayNotifications);

    const summary = await runRetention({ db, batchSize: 2 });

    expect(summary.rejectedNotifications).toBeGreaterThanOrEqual(4);
    expect(summary.signInAttempts).toBeGreaterThanOrEqual(3);
    expect(await ipsLeft('ret-a')).toEqual({ notify: 2, attempts: 3 }); // the 29- and 1-day, the 89-, 0-day and live ones
    expect(await countOf(auditLog)).toBe(audit);
    expect(await countOf(gatewayNotifications)).toBe(notifications);
    const chain = await verifyAuditChain(db);
    expect(chain.problemCount).toBe(0);
    expect(chain.rows).toBe(audit);
  });

  it('takes its periods from the configuration', async () => {
    await seed('ret-b', { notify: [8, 6], attempts: [8, 6] });
    await runRetention({ db, rejectedNotificationDays: 7, signInAttemptDays: 7 });
    expect(await ipsLeft('ret-b')).toEqual({ notify: 1, attempts: 1 });
  });

  it('runs through pg-boss at worker start, once an hour however many instances offer it', async () => {
    await seed('ret-c', { notify: [45], attempts: [100] });
    const runs: RetentionSummary[] = [];
    const first = await startWorker(database, {
      intervalSeconds: 3_600,
      pollingIntervalSeconds: 60,
      onRetention: (summary) => runs.push(summary),
    });
    workers.push(first);
    await waitUntil(async () => runs.length > 0 && (await ipsLeft('ret-c')).notify === 0, 20_000, 'a retention run');
    expect(await ipsLeft('ret-c')).toEqual({ notify: 0, attempts: 0 });
    const completed = async () =>
      (await first.boss.findJobs(RETENTION_QUEUE)).filter((job) => job.state === 'completed').length;
    await waitUntil(async () => (await completed()) > 0, 10_000, 'the job completed');

    const second = await startWorker(database, { intervalSeconds: 3_600, pollingIntervalSeconds: 60 });
    workers.push(second);
    expect(await second.offerRetention()).toBeNull();
    expect(await first.offerRetention()).toBeNull();
    const jobs = await first.boss.findJobs(RETENTION_QUEUE);
    expect(jobs).toHaveLength(1);
    expect(runs).toHaveLength(1);
    const chain = await verifyAuditChain(db);
    expect(chain.problemCount).toBe(0);
  });

  it('keeps a recent sign-in failure, so the per-address limit still counts it', async () => {
    await signIn(db, { email: 'ghost@test.local', password: 'x' }, { ip: 'ret-d-1', userAgent: null });
    await runRetention({ db });
    const rows = await db.select().from(signInAttempts).where(eq(signInAttempts.ip, 'ret-d-1'));
    expect(rows).toHaveLength(1);
  });
});
