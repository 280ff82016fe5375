import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REFUND_DAYS_QUEUE, type RunningWorker, startWorker } from '@/lib/jobs/worker';
import { makeStore } from '../../support/fixtures';
import { testDatabaseForFile } from '../../support/harness';
import { waitUntil } from '../../support/wait';
import { insertOrder, insertRefund } from '../finance/helpers';
import { startConsoleGateway } from '../gateway/helpers';

/** The worker folds finance's rollups (lib/finance/refund-days.ts) on its own, once a minute. */
const database = testDatabaseForFile();
let gw: Awaited<ReturnType<typeof startConsoleGateway>>;
const workers: RunningWorker[] = [];

beforeAll(async () => {
  gw = await startConsoleGateway();
});
afterAll(async () => {
  for (const worker of workers) await worker.stop();
  await gw.close();
});

const unfolded = async () => {
  const result = await database.db.execute(sql`select
      (select count(*) from refund_days where not folded)::int + (select count(*) from refund_days_detail where not folded)::int as n`);
  return (result as unknown as { rows: Array<{ n: number }> }).rows[0]!.n;
};

describe('the worker', () => {
  it('folds the rollups at start, and offers the fold once a minute however many instances run', {
    timeout: 60_000,
  }, async () => {
    const store = await makeStore(database.db);
    const order = await insertOrder(database.db, { storeId: store.id });
    await insertRefund(database.db, order, { amountCents: 12_34 });
    await insertRefund(database.db, order, { amountCents: 5_00, status: 'failed' });
    expect(await unfolded()).toBeGreaterThan(0);
    // pg-boss throttles by minute slots on the clock: start both workers within one.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 40_000) await new Promise((resolve) => setTimeout(resolve, 61_000 - intoMinute));

    const first = await startWorker(database, { intervalSeconds: 3_600, pollingIntervalSeconds: 60 });
    workers.push(first);
    await waitUntil(async () => (await unfolded()) === 0, 20_000, 'the rollups folded');

    const second = await startWorker(database, { intervalSeconds: 3_600, pollingIntervalSeconds: 60 });
    workers.push(second);
    const jobs = await first.boss.findJobs(REFUND_DAYS_QUEUE);
    expect(jobs).toHaveLength(1);
    const figures = await database.db.execute(
      sql`select count(*)::int as rows, sum(refund_count)::int as refunds, sum(amount_cents)::int as cents
          from refund_days where store_id = ${store.id}`,
    );
    expect((figures as unknown as { rows: unknown[] }).rows[0]).toEqual({ rows: 2, refunds: 2, cents: 17_34 });
  });
});
