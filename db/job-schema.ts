import 'server-only';
import { PgBoss } from 'pg-boss';
import { log } from '@/lib/log';

/**
 * pg-boss's schema, created or migrated by the owner role at migrate time (db/migrate-as-owner.ts),
 * so that the worker can run as a role that may not create anything: lib/jobs/worker.ts then starts
 * pg-boss with `migrate: false`, which only checks that the schema is installed and current.
 *
 * pg-boss's own start-up does the install (its advisory locks make concurrent starts safe). Its
 * migrations may queue index builds for its background runner (BAM), which only a `migrate: true`
 * instance runs and only the owner may do, so they are waited for here.
 */
const BAM_WAIT_MS = 5 * 60_000;

export async function installJobSchema(connectionString: string): Promise<void> {
  const boss = new PgBoss({
    connectionString,
    max: 2,
    application_name: 'eftpay-console-migrate',
    migrate: true,
    supervise: false,
    schedule: false,
    registerInstance: false,
  });
  boss.on('error', (error) => log.error({ err: error }, 'pg-boss error while migrating its schema'));
  await boss.start();
  try {
    const deadline = Date.now() + BAM_WAIT_MS;
    let builds = await indexBuilds(boss);
    while (builds.pending) {
      if (Date.now() > deadline) {
        log.warn('pg-boss index builds still running after 5 minutes; the next start as the owner resumes them');
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
      builds = await indexBuilds(boss);
    }
    if (builds.failed) log.warn({ failed: builds.failed }, 'pg-boss index builds failed; see pgboss.bam');
  } finally {
    await boss.stop({ graceful: true, timeout: 10_000 });
  }
}

async function indexBuilds(boss: PgBoss): Promise<{ pending: boolean; failed: number }> {
  const rows = await boss.getBamStatus();
  return {
    pending: rows.some((row) => row.status === 'pending' || row.status === 'in_progress'),
    failed: rows.find((row) => row.status === 'failed')?.count ?? 0,
  };
}
