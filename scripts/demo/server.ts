/**
 * The demo's console: the production build served by Next in this process, exactly as `next start`
 * serves it (instrumentation validates the configuration, migrates and starts the worker), then
 * the demo stores, staff and orders seeded in this same process — the embedded database admits one
 * process per data folder, and the production start (lib/server/start.ts) never loads the seed.
 * /api/health?demo=done answers 503 until the seed is done. Started by scripts/lib/stack.ts
 * (`npm run demo`, the E2E server):
 *
 *   node --conditions=react-server --import tsx scripts/demo/server.ts --port 3000
 *
 * DEMO_ORDER_COUNT orders (0: stores and staff only) are created through the sandbox gateway
 * (EFTPAY_BASE_URL); a database that already has orders is left as it is.
 */
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import next from 'next';
import { getDatabase } from '@/db/client';
import type { Database, Db } from '@/db/connect';
import * as schema from '@/db/schema';
import { log } from '@/lib/log';
import { serverStatus } from '@/lib/server/status';
import { seedDemoOrders } from './seed-orders';
import { seedDemoStaff } from './seed-staff';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.PORT ?? '3000' },
    hostname: { type: 'string', default: '127.0.0.1' },
  },
});
const port = Number(values.port);
const hostname = values.hostname;
const orderCount = Number(process.env.DEMO_ORDER_COUNT ?? 0);

const status = serverStatus();
// Before the server answers anything, so that no health check sees the console "ready" unseeded.
status.demoSeed = 'running';

const app = next({ dev: false, dir: process.cwd(), hostname, port });
const handle = app.getRequestHandler();
await app.prepare();
const server = createServer((req, res) => handle(req, res));
await new Promise<void>((resolve) => server.listen(port, hostname, resolve));
await started();

const stop = () => {
  server.close();
  // Next's own start waits for open connections for a moment too; the worker stops on SIGTERM.
  setTimeout(() => process.exit(0), 1_000).unref();
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);

try {
  // The handle instrumentation opened (held on globalThis): never a second client on the folder.
  const db = seedDb(await getDatabase());
  await seedDemoStaff(db);
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(schema.orders);
  const existing = Number(row?.n ?? 0);
  // Seeded on an earlier start (the sandbox keeps its state file beside the database).
  if (existing > 0) status.demoOrders = existing;
  else if (Number.isInteger(orderCount) && orderCount > 0) {
    status.demoOrders = (await seedDemoOrders({ db, count: orderCount })).orders;
  }
  status.demoSeed = 'done';
} catch (error) {
  status.demoSeed = 'failed';
  log.error({ err: error }, 'demo seed failed');
}

/**
 * A production Next server runs instrumentation (configuration, migrations, the worker) before it
 * answers its first request, and exits the process when that fails (lib/server/start.ts).
 */
async function started(): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (!status.ready) {
    if (Date.now() > deadline) {
      console.error('The console did not start within 3 minutes.');
      process.exit(1);
    }
    await fetch(`http://${hostname}:${port}/api/health`).catch(() => undefined);
    if (!status.ready) await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * The console's database handle (opened by instrumentation, held on globalThis), wrapped in this
 * process's own drizzle: the seed's queries are built from the source schema, not the bundled one.
 */
function seedDb(database: Database): Db {
  if (database.pglite) return drizzlePglite(database.pglite, { schema }) as unknown as Db;
  if (database.pool) return drizzlePg(database.pool, { schema }) as unknown as Db;
  throw new Error('The console opened no database.');
}
