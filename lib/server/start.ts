import 'server-only';
import { sql } from 'drizzle-orm';
import { getDatabase } from '@/db/client';
import type { Database } from '@/db/connect';
import { orders } from '@/db/schema';
import { seedDemoOrders } from '@/db/seed/demo-orders';
import { seedDemoStaff } from '@/db/seed/demo-staff';
import { env } from '@/lib/env';
import { startWorker } from '@/lib/jobs/worker';
import { log } from '@/lib/log';
import { type ServerStatus, serverStatus } from './status';

async function startServer(): Promise<void> {
  const e = env();
  const database = await getDatabase();
  const status = serverStatus();
  status.database = database.kind;
  status.demoSeed = 'off';
  if (process.env.DEMO_SEED === '1') {
    await seedDemoStaff(database.db);
    startDemoOrderSeed(database, status, Number(process.env.DEMO_ORDER_COUNT ?? 0));
  }
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

/**
 * Demo orders are created through the sandbox and arrive through our own notify endpoint, so they
 * are seeded in the background once the server is up; /api/health reports the progress.
 */
function startDemoOrderSeed(database: Database, status: ServerStatus, count: number): void {
  if (!Number.isInteger(count) || count <= 0) return;
  status.demoSeed = 'running';
  void (async () => {
    const [row] = await database.db.select({ n: sql<number>`count(*)::int` }).from(orders);
    const existing = Number(row?.n ?? 0);
    if (existing > 0) {
      // Seeded on an earlier start (the sandbox keeps its state file beside the database).
      status.demoOrders = existing;
      status.demoSeed = 'done';
      return;
    }
    const result = await seedDemoOrders({ db: database.db, count });
    status.demoOrders = result.orders;
    status.demoSeed = 'done';
  })().catch((error: unknown) => {
    status.demoSeed = 'failed';
    log.error({ err: error }, 'demo order seed failed');
  });
}

export async function startServerOrExit(): Promise<void> {
  try {
    await startServer();
  } catch (error) {
    console.error(`\nThe console could not start:\n${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
