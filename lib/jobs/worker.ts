import 'server-only';
import { fromPglite, PgBoss } from 'pg-boss';
import type { Database } from '@/db/connect';
import { env } from '@/lib/env';
import { compactRefundDays } from '@/lib/finance/refund-days';
import { log } from '@/lib/log';
import { soonestDue } from './claims';
import { type ReconcileOptions, type ReconcileSummary, reconcileOnce } from './reconcile';
import { type RetentionSummary, runRetention } from './retention';

/**
 * The background worker: pg-boss over the console's own database, so any number of app instances
 * share one queue (docs/architecture.md "Background work"). Every instance runs a local timer that *offers* a
 * reconcile job once per interval with a throttle key — pg-boss keeps one job per key and time slot
 * (unique index on singleton_on), so N instances still produce one pass per interval, run by
 * whichever instance fetches it first.
 *
 * The queue is deliberately not `singleton`: an instance killed mid-pass leaves its job `active`
 * until it expires, and a singleton queue would hold every later pass back for that long. Passes
 * may overlap safely instead: each claims its rows one at a time with SKIP LOCKED and a short,
 * renewed claim (reconcile.ts, lease.ts).
 *
 * Besides the interval, a pass is offered when something falls due: every `dueCheckSeconds` each
 * instance looks at the soonest next_check_at (a claim running out counts) and, if it has come,
 * offers a pass throttled on its own key. And every start runs a pass at once — even when the
 * interval's job was taken by an instance that died with it — so a restart looks at once at what
 * a dead worker left, and a row due is asked about within seconds, not an interval later
 * (docs/adr/0008-recovery-after-a-crash.md).
 */

export const RECONCILE_QUEUE = 'reconcile';
/**
 * Deletes old refused notifications and sign-in attempts (lib/jobs/retention.ts): offered at start
 * and every hour, throttled on one key, so it runs at most once an hour across all instances.
 */
export const RETENTION_QUEUE = 'retention';
const RETENTION_THROTTLE_KEY = 'retention';
const RETENTION_SECONDS = 60 * 60;
/**
 * Folds finance's rollups (lib/finance/refund-days.ts): offered every minute, throttled on one key,
 * so it runs about once a minute across all instances (and is harmless if two runs meet).
 */
export const REFUND_DAYS_QUEUE = 'refund-days';
const REFUND_DAYS_SECONDS = 60;
const THROTTLE_KEY = 'reconcile';
const DUE_THROTTLE_KEY = 'reconcile-due';
/** How often each instance looks for rows that have fallen due. */
const DUE_CHECK_SECONDS = 5;

export interface WorkerOptions {
  /** Seconds between passes. Default RECONCILE_INTERVAL_SECONDS. */
  intervalSeconds?: number;
  /** Postgres only; default: the URL the database's pool was opened with. */
  connectionString?: string;
  /** Limits passed to every pass. */
  reconcile?: Omit<ReconcileOptions, 'db' | 'now' | 'signal'>;
  /** How often the worker looks for a job. Default: the interval, at most 2 s. */
  pollingIntervalSeconds?: number;
  /** How often the worker looks for rows that have fallen due. Default 5 s. */
  dueCheckSeconds?: number;
  /** Called after every pass (tests, metrics). */
  onPass?: (summary: ReconcileSummary) => void;
  /** Called after every retention run (tests, metrics). */
  onRetention?: (summary: RetentionSummary) => void;
}

export interface RunningWorker {
  boss: PgBoss;
  /** Offers a pass now (deduplicated within the current interval, like the timer's offers). */
  offer(): Promise<string | null>;
  /** Offers a retention run now (deduplicated within the current hour). */
  offerRetention(): Promise<string | null>;
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

  const stopped = new AbortController();
  let passesRunning = 0;
  await boss.work<object, ReconcileSummary>(
    RECONCILE_QUEUE,
    { pollingIntervalSeconds: options.pollingIntervalSeconds ?? Math.max(0.5, Math.min(intervalSeconds, 2)) },
    async () => {
      passesRunning += 1;
      try {
        const summary = await reconcileOnce({ ...options.reconcile, db: database.db, signal: stopped.signal });
        options.onPass?.(summary);
        return summary;
      } finally {
        passesRunning -= 1;
      }
    },
  );

  await boss.createQueue(RETENTION_QUEUE, {
    policy: 'standard',
    expireInSeconds: 15 * 60,
    // The next hour is the retry.
    retryLimit: 0,
    deleteAfterSeconds: 7 * 24 * 60 * 60,
  });
  await boss.work<object, RetentionSummary>(RETENTION_QUEUE, { pollingIntervalSeconds: 2 }, async () => {
    const summary = await runRetention({ db: database.db, signal: stopped.signal });
    if (summary.rejectedNotifications + summary.signInAttempts > 0) log.info({ deleted: summary }, 'retention');
    options.onRetention?.(summary);
    return summary;
  });
  const offerRetention = () => boss.sendThrottled(RETENTION_QUEUE, {}, null, RETENTION_SECONDS, RETENTION_THROTTLE_KEY);
  const retentionTimer = setInterval(() => {
    offerRetention().catch((error: unknown) => log.error({ err: error }, 'could not offer a retention run'));
  }, RETENTION_SECONDS * 1000);
  retentionTimer.unref();
  // At start too, unless another instance already ran this hour's.
  await offerRetention().catch((error: unknown) => log.error({ err: error }, 'no retention run at start'));

  await boss.createQueue(REFUND_DAYS_QUEUE, {
    policy: 'standard',
    expireInSeconds: 5 * 60,
    retryLimit: 0,
    deleteAfterSeconds: 60 * 60,
  });
  await boss.work(REFUND_DAYS_QUEUE, { pollingIntervalSeconds: 2 }, async () => ({
    replaced: await compactRefundDays(database.db),
  }));
  const offerCompaction = () =>
    boss
      .sendThrottled(REFUND_DAYS_QUEUE, {}, null, REFUND_DAYS_SECONDS, REFUND_DAYS_QUEUE)
      .catch((error: unknown) => log.error({ err: error }, 'could not offer a rollup compaction'));
  const compactionTimer = setInterval(offerCompaction, REFUND_DAYS_SECONDS * 1000);
  compactionTimer.unref();
  await offerCompaction();

  const offer = () => boss.sendThrottled(RECONCILE_QUEUE, {}, null, intervalSeconds, THROTTLE_KEY);
  const offerQuietly = () => {
    offer().catch((error: unknown) => log.error({ err: error }, 'could not offer a reconcile pass'));
  };
  const timer = setInterval(offerQuietly, intervalSeconds * 1000);
  timer.unref();

  const dueCheckSeconds = options.dueCheckSeconds ?? DUE_CHECK_SECONDS;
  const dueSlotSeconds = Math.max(1, Math.round(dueCheckSeconds));
  const offerIfDue = async () => {
    // A pass running here claims what falls due while it runs; offering another would only queue it.
    if (passesRunning > 0 || stopped.signal.aborted) return;
    const due = await soonestDue(database.db);
    if (due && due.getTime() <= Date.now()) {
      await boss.sendThrottled(RECONCILE_QUEUE, {}, null, dueSlotSeconds, DUE_THROTTLE_KEY);
    }
  };
  const dueTimer = setInterval(() => {
    offerIfDue().catch((error: unknown) => log.error({ err: error }, 'could not look for due reconcile work'));
  }, dueCheckSeconds * 1000);
  dueTimer.unref();

  // A pass at start, whoever holds this interval's job (it may have died with it).
  if ((await offer().catch(() => null)) === null) {
    await boss.send(RECONCILE_QUEUE, {}).catch((error: unknown) => log.error({ err: error }, 'no pass at start'));
  }

  let stopping: Promise<void> | undefined;
  return {
    boss,
    offer,
    offerRetention,
    stop() {
      stopping ??= (async () => {
        clearInterval(timer);
        clearInterval(dueTimer);
        clearInterval(retentionTimer);
        clearInterval(compactionTimer);
        // The pass in flight takes no further row and ends with its calls in flight; pg-boss waits
        // for it up to 10 s. A call still running then is covered by its row's claim (lease.ts).
        stopped.abort();
        await boss.stop({ graceful: true, timeout: 10_000 });
      })();
      return stopping;
    },
  };
}
