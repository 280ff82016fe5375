import 'server-only';
import { getDatabase } from '@/db/client';
import { env } from '@/lib/env';
import { startWorker } from '@/lib/jobs/worker';
import { log } from '@/lib/log';
import { serverStatus } from './status';

async function startServer(): Promise<void> {
  const e = env();
  const database = await getDatabase();
  if (database.kind === 'postgres' && !database.ownerRole) {
    // One role both owns the tables and runs the console: it may disable the audit log's triggers.
    log.warn(
      'DATABASE_OWNER_URL is not set: the console runs as the role that owns its tables, so the audit log is not protected against that role (README, "Database roles")',
    );
  }
  const status = serverStatus();
  status.database = database.kind;
  status.worker = 'off';
  if (e.WORKER_ENABLED) {
    const worker = await startWorker(database, { intervalSeconds: e.RECONCILE_INTERVAL_SECONDS });
    status.worker = 'running';
    // Next exits on SIGTERM once its HTTP server has drained; stop taking jobs meanwhile. A pass cut
    // short only leaves its claimed rows to be checked again when their lease runs out.
    process.once('SIGTERM', () => {
      status.worker = 'off';
      worker.stop().catch((error: unknown) => log.error({ err: error }, 'worker did not stop cleanly'));
    });
  }
  status.ready = true;
  log.info({ database: database.kind, worker: e.WORKER_ENABLED }, 'console started');
}

export async function startServerOrExit(): Promise<void> {
  try {
    await startServer();
  } catch (error) {
    console.error(`\nThe console could not start:\n${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
