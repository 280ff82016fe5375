/**
 * The server the Playwright suite runs against: a production build, a fresh embedded database (or
 * a fresh database on E2E_DATABASE_URL's server), the sandbox gateway, demo staff and a few orders.
 * E2E_DATABASE_OWNER_URL, when set, is the role that owns the tables (DATABASE_OWNER_URL).
 */
import fs from 'node:fs';
import path from 'node:path';
import { startStack } from './lib/stack';

const port = Number(process.env.E2E_PORT ?? 3100);
const dataDir = path.join(process.cwd(), '.data', `e2e-${port}`);
fs.rmSync(dataDir, { recursive: true, force: true });

const stack = await startStack({
  port,
  sandboxPort: Number(process.env.E2E_SANDBOX_PORT ?? 4101),
  dataDir,
  databaseUrl: process.env.E2E_DATABASE_URL || undefined,
  databaseOwnerUrl: process.env.E2E_DATABASE_OWNER_URL || undefined,
  demoOrders: Number(process.env.E2E_DEMO_ORDERS ?? 60),
  extraEnv: { RECONCILE_INTERVAL_SECONDS: '5', LOG_LEVEL: 'warn' },
  quiet: true,
  // Tests read this to reach the sandbox (and sign requests) exactly as the console does.
  infoFile: path.join(dataDir, 'stack.json'),
});
console.log(`E2E console ready on ${stack.url}`);

const shutdown = async () => {
  await stack.stop();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
