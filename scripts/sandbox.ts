/**
 * Runs the eftPay sandbox on its own: `npm run sandbox`.
 * Env: SANDBOX_PORT (default 4100), EFTPAY_USER_CONFIRM_KEY, EFTPAY_SECRET_CODE (both required —
 * the console must be configured with the same pair), SANDBOX_STATE_FILE (default
 * .data/sandbox/state.json). Prints the base URL to use as EFTPAY_BASE_URL; never prints the secret.
 */
import path from 'node:path';
import { startSandbox } from '@/lib/eftpay/sandbox/server';

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const port = Number.parseInt(process.env.SANDBOX_PORT ?? '4100', 10);
if (!Number.isInteger(port) || port < 0 || port > 65_535) fail('SANDBOX_PORT must be a port number');
const userConfirmKey = process.env.EFTPAY_USER_CONFIRM_KEY;
const secretCode = process.env.EFTPAY_SECRET_CODE;
if (!userConfirmKey || !secretCode) fail('Set EFTPAY_USER_CONFIRM_KEY and EFTPAY_SECRET_CODE.');
const stateFile = path.resolve(process.env.SANDBOX_STATE_FILE ?? '.data/sandbox/state.json');

const sandbox = await startSandbox({
  port,
  userConfirmKey,
  secretCode,
  stateFile,
  log: (line) => console.log(`[sandbox] ${line}`),
});

console.log(`eftPay sandbox listening: ${sandbox.url}`);
console.log(`  control API: ${sandbox.origin}/sandbox/  (state: ${stateFile})`);

const stop = () => {
  void sandbox.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
