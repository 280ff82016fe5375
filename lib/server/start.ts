import { getDatabase } from '@/db/client';
import { seedDemoStaff } from '@/db/seed/demo-staff';
import { env } from '@/lib/env';
import { log } from '@/lib/log';
import { serverStatus } from './status';

export async function startServer(): Promise<void> {
  const e = env();
  const database = await getDatabase();
  const status = serverStatus();
  status.database = database.kind;
  status.demoSeed = 'off';
  if (process.env.DEMO_SEED === '1') {
    await seedDemoStaff(database.db);
  }
  status.worker = 'off';
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
