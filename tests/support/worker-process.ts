/**
 * A console worker in a process of its own, for tests that kill it (SIGKILL) mid-pass:
 *
 *   node --conditions=react-server --import tsx tests/support/worker-process.ts
 *
 * Reads the console's configuration from the environment like the server does (DATABASE_URL or
 * PGLITE_DIR, EFTPAY_*, AUTH_SECRET), plus WORKER_CONCURRENCY and WORKER_LEASE_MARGIN_MS for the pass. It
 * prints `worker started` once the worker runs, then works until it is killed.
 */
import { connect } from '@/db/connect';
import { startWorker } from '@/lib/jobs/worker';

async function main() {
  const url = process.env.DATABASE_URL;
  const dataDir = process.env.PGLITE_DIR;
  if (!url && !dataDir) throw new Error('DATABASE_URL or PGLITE_DIR is required');
  // PGlite: a folder this process alone has open (the test closes its own handle first).
  const database = url ? await connect({ url, poolSize: 4 }) : await connect({ dataDir });
  await startWorker(database, {
    // No interval pass during the test: what this worker does, it does from its start-up pass.
    intervalSeconds: 3_600,
    pollingIntervalSeconds: 0.5,
    reconcile: {
      concurrency: Number(process.env.WORKER_CONCURRENCY ?? 2),
      leaseMarginMs: Number(process.env.WORKER_LEASE_MARGIN_MS ?? 1_000),
    },
  });
  process.stdout.write('worker started\n');
  // Keep the process alive: the worker's own timers are unref'd.
  setInterval(() => {}, 60_000);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
