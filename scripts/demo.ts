/**
 * `npm run demo`: the console on its embedded defaults — PGlite in .data/demo, the project's own
 * eftPay sandbox, demo stores, staff and orders — on http://localhost:3000.
 */
import path from 'node:path';
import { DEMO_USERS } from './demo/accounts';
import { startStack } from './lib/stack';

const port = Number(process.env.PORT ?? 3000);
const sandboxPort = Number(process.env.SANDBOX_PORT ?? 4100);
const orders = Number(process.env.DEMO_ORDER_COUNT ?? 3000);

const stack = await startStack({
  port,
  sandboxPort,
  dataDir: path.join(process.cwd(), '.data', 'demo'),
  databaseUrl: process.env.DATABASE_URL || undefined,
  databaseOwnerUrl: process.env.DATABASE_OWNER_URL || undefined,
  demoOrders: orders,
});

const width = Math.max(...DEMO_USERS.map((u) => u.email.length));
console.log(`
eftPay Merchant Console (demo) is running on ${stack.url}
Sandbox gateway: ${stack.sandboxUrl}

Demo sign-ins:
${DEMO_USERS.map((u) => `  ${u.email.padEnd(width)}  ${u.password.padEnd(22)} ${u.role}${u.stores.length ? ` (${u.stores.join(', ')})` : ''}`).join('\n')}

Press Ctrl+C to stop.`);

const shutdown = async () => {
  await stack.stop();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
