import path from 'node:path';
import { type Stack, startStack } from '../../../scripts/lib/stack';

/**
 * The console for a benchmark's page timings: a production build (NEXT_DIST_DIR .next-bench,
 * rebuilt when sources are newer) over the benchmark's database, with no demo data, no worker and
 * quiet logs. The caller stops it.
 */
export async function startBenchConsole(options: {
  port: number;
  sandboxPort: number;
  /** Under .data/: the sandbox state and generated secrets. */
  dataDir: string;
  databaseUrl: string;
}): Promise<Stack> {
  process.env.NEXT_DIST_DIR = '.next-bench';
  return startStack({
    port: options.port,
    sandboxPort: options.sandboxPort,
    dataDir: path.join(process.cwd(), '.data', options.dataDir),
    databaseUrl: options.databaseUrl,
    demoOrders: 0,
    demoSeed: false,
    extraEnv: { WORKER_ENABLED: '0', LOG_LEVEL: 'warn', NEXT_DIST_DIR: '.next-bench' },
    quiet: true,
  });
}
