import 'server-only';
import { fromPglite, PgBoss } from 'pg-boss';
import type { Database } from '@/db/connect';
import { env } from '@/lib/env';
import { log } from '@/lib/log';
import { type ReconcileOptions, type ReconcileSummary, reconcileOnce } from './reconcile';

/**
 * The background worker: pg-boss over the console's own database, so any number of app instances
 * share one queue (docs/architecture.md "Background work"). Every instance runs a local timer that *offers* a
 * reconcile job once per interval with a throttle key — pg-boss keeps one job per key and time slot
 * (unique index on singleton_on), so N instances still produce one pass per interval, run by
 * whichever instance fetches it first.
 *
 * The queue is deliberately not `singleton`: an instance killed mid-pass leaves its job `active`
 * until it expires, and a singleton queue would hold every later pass back for that long. Passes
 * may overlap safely instead: each claims its rows with SKIP LOCKED and a lease (reconcile.ts).
 */

export const RECONCILE_QUEUE = 'reconcile';
const THROTTLE_KEY = 'reconcile';

export interface WorkerOptions {
  /** Seconds between passes. Default RECONCILE_INTERVAL_SECONDS. */
  intervalSeconds?: number;
  /** Postgres only; default: the URL the database's pool was opened with. */
  connectionString?: string;
  /** Limits passed to every pass. */
  reconcile?: Omit<ReconcileOptions, 'db' | 'now'>;
  /** How often the worker looks for a job. Default: the interval, at most 2 s. */
  pollingIntervalSeconds?: number;
  /** Called after every pass (tests, metrics). */
  onPass?: (summary: ReconcileSummary) => void;
}

export interface RunningWorker {
  boss: PgBoss;
  /** Offers a pass now (deduplicated within the current interval, like the timer's offers). */
  offer(): Promise<string | null>;
  stop(): Promise<void>;
}

function createBoss(database: Database, options: WorkerOptions): PgBoss {
  // Maintenance (expiring and deleting old jobs) stays on; cron scheduling is not used.
  const common = { schedule: false, application_name: 'eftpay-console-worker' };
  if (database.kind === 'pglite') {
    if (!database.pglite) throw new Error('PGlite database without its client');
    // pg-boss's own PGlite adapter: query() with values, exec() (all statements' rows) without —
    // see docs/adr/0002-eftpay-gateway.md.
    return new PgBoss({ ...common, db: fromPglite(database.pglite), backend: 'pglite' });
  }
  const poolUrl = (database.pool as { options?: { connectionString?: string } } | undefined)?.options?.connectionString;
  const connectionString = options.connectionString ?? poolUrl;
  if (!connectionString) throw new Error('The worker needs the database URL (DATABASE_URL).');
  // With a separate owner role the schema is the owner's (db/job-schema.ts): this role may not
  // create or migrate it, so pg-boss only checks that it is installed and current.
  return new PgBoss({ ...common, connectionString, max: 3, migrate: !database.ownerRole });
}

export async function startWorker(database: Database, options: WorkerOptions = {}): Promise<RunningWorker> {
  const intervalSeconds = options.intervalSeconds ?? env().RECONCILE_INTERVAL_SECONDS;
  const boss = createBoss(database, options);
  boss.on('error', (error) => log.error({ err: error }, 'pg-boss error'));
  boss.on('warning', (warning) => log.warn({ warning: warning.message }, 'pg-boss warning'));
  await boss.start();
  await boss.createQueue(RECONCILE_QUEUE, {
    policy: 'standard',
    // Bookkeeping only: a pass cut off by a crash is marked failed after this.
    expireInSeconds: 15 * 60,
    // The next interval is the retry; a failed pass is not worth replaying.
    retryLimit: 0,
    deleteAfterSeconds: 24 * 60 * 60,
  });

  await boss.work<object, ReconcileSummary>(
    RECONCILE_QUEUE,
    { pollingIntervalSeconds: options.pollingIntervalSeconds ?? Math.max(0.5, Math.min(intervalSeconds, 2)) },
    async () => {
      const summary = await reconcileOnce({ ...options.reconcile, db: database.db });
      options.onPass?.(summary);
      return summary;
    },
  );

  const offer = () => boss.sendThrottled(RECONCILE_QUEUE, {}, null, intervalSeconds, THROTTLE_KEY);
  const offerQuietly = () => {
    offer().catch((error: unknown) => log.error({ err: error }, 'could not offer a reconcile pass'));
  };
  const timer = setInterval(offerQuietly, intervalSeconds * 1000);
  timer.unref();
  offerQuietly();

  let stopping: Promise<void> | undefined;
  return {
    boss,
    offer,
    stop() {
      stopping ??= (async () => {
        clearInterval(timer);
        // Graceful: take no new job, let a pass in flight finish (its rows' leases cover a cut-off).
        await boss.stop({ graceful: true, timeout: 10_000 });
      })();
      return stopping;
    },
  };
}
