import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/connect';
import { orders } from '@/db/schema';
import type { ReconcileSummary } from '@/lib/jobs/reconcile';
import { RECONCILE_QUEUE, type RunningWorker, startWorker } from '@/lib/jobs/worker';
import { makeStaff, makeStore, orderRow } from '../../support/fixtures';
import { testDatabaseForFile } from '../../support/harness';
import { waitUntil } from '../../support/wait';
import { ingestFromQuery, preOrder, startConsoleGateway } from './helpers';

const database = testDatabaseForFile();
let db: Db;
let gw: Awaited<ReturnType<typeof startConsoleGateway>>;
let tid: string;
const workers: RunningWorker[] = [];

beforeAll(async () => {
  db = database.db;
  gw = await startConsoleGateway();
  const store = await makeStore(db);
  tid = store.tids[0]!;
  await makeStaff(db, 'manager', [store.id]);
});

afterAll(async () => {
  for (const worker of workers) await worker.stop();
  await gw.close();
});

describe(`pg-boss worker on ${process.env.TEST_DB_KIND === 'postgres' ? 'Postgres' : 'PGlite'}`, () => {
  it('runs a reconcile job that settles a due PayMe payment', async () => {
    const outTradeNo = await preOrder(db, { wallet: 'PAYME', amountCents: 3_300, tid });
    const order = await ingestFromQuery(db, outTradeNo, 'PAYME');
    expect(order.status).toBe('unpaid');
    await gw.control.pay(outTradeNo); // PayMe never notifies
    await db
      .update(orders)
      .set({ nextCheckAt: new Date(Date.now() - 1_000) })
      .where(eq(orders.id, order.id));

    const passes: ReconcileSummary[] = [];
    const worker = await startWorker(database, {
      intervalSeconds: 2,
      pollingIntervalSeconds: 0.5,
      onPass: (summary) => passes.push(summary),
    });
    workers.push(worker);

    // The order is committed paid a moment before the pass reports and pg-boss marks its job
    // completed: wait for all three, then assert each.
    const completedJob = async () =>
      (await worker.boss.findJobs(RECONCILE_QUEUE)).some((job) => job.state === 'completed');
    await waitUntil(
      async () =>
        (await orderRow(db, order.id)).status === 'paid' &&
        passes.some((p) => p.orders.settled >= 1) &&
        (await completedJob()),
      20_000,
    ).catch(() => {});
    expect((await orderRow(db, order.id)).status).toBe('paid');
    expect(passes.some((p) => p.orders.settled >= 1)).toBe(true);
    expect(await completedJob()).toBe(true);
    await worker.stop();
  });

  it('offers one pass per interval however many instances offer it', async () => {
    const since = Date.now() - 1_000;
    const a = await startWorker(database, { intervalSeconds: 3_600, pollingIntervalSeconds: 60 });
    const b = await startWorker(database, { intervalSeconds: 3_600, pollingIntervalSeconds: 60 });
    workers.push(a, b);
    // Each instance already offered one at start; offering again within the hour adds nothing.
    expect(await a.offer()).toBeNull();
    expect(await b.offer()).toBeNull();
    const jobs = await a.boss.findJobs(RECONCILE_QUEUE);
    // The hour's slot (the first test's worker left 2-second slots behind).
    const hourly = jobs.filter(
      (job) => job.createdOn.getTime() >= since && (job.singletonOn?.getTime() ?? 1) % 3_600_000 === 0,
    );
    expect(hourly).toHaveLength(1);
  });
});
