/**
 * Starts the whole console on one machine: the sandbox gateway (in this process) and the Next.js
 * production server (a child process) pointed at it. Used by `npm run demo`, the E2E suite and the
 * benchmarks. With the demo seed (the default) the child is the demo's server entry, which serves
 * the build and seeds in its own process (scripts/demo/server.ts); without it, plain `next start`.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { startSandbox } from '@/lib/eftpay/sandbox/server';

export interface StackOptions {
  port: number;
  sandboxPort: number;
  /** Holds the PGlite folder (unless databaseUrl), the sandbox state and generated secrets. */
  dataDir: string;
  databaseUrl?: string;
  /** DATABASE_OWNER_URL: the role that owns the tables migrates and grants (README, "Database roles"). */
  databaseOwnerUrl?: string;
  /** How many demo orders to seed through the sandbox (0 = staff and stores only). */
  demoOrders: number;
  /** False: no demo stores, staff or orders at all — the console as `next start` runs it. */
  demoSeed?: boolean;
  extraEnv?: Record<string, string>;
  quiet?: boolean;
  /** Written before the console starts: its URL, the sandbox URL and the sandbox credentials (tests). */
  infoFile?: string;
}

export interface Stack {
  url: string;
  sandboxUrl: string;
  env: Record<string, string>;
  stop(): Promise<void>;
}

const ROOT = process.cwd();

/** Secrets generated once per data folder — never committed, never printed. */
function localSecrets(dataDir: string): {
  AUTH_SECRET: string;
  EFTPAY_SECRET_CODE: string;
  EFTPAY_USER_CONFIRM_KEY: string;
} {
  const file = path.join(dataDir, 'local-secrets.json');
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8'));
  const secrets = {
    AUTH_SECRET: randomBytes(32).toString('hex'),
    EFTPAY_SECRET_CODE: randomBytes(16).toString('hex'),
    EFTPAY_USER_CONFIRM_KEY: `DEMO${randomBytes(4).toString('hex').toUpperCase()}`.slice(0, 12),
  };
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
  return secrets;
}

/** Builds the production bundle unless an up-to-date one exists. */
export function ensureBuild(log: (line: string) => void): void {
  const buildId = path.join(ROOT, process.env.NEXT_DIST_DIR || '.next', 'BUILD_ID');
  const built = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0;
  if (
    built &&
    !newerThan(
      ['app', 'components', 'lib', 'db', 'proxy.ts', 'instrumentation.ts', 'next.config.mjs', 'package.json'],
      built,
    )
  )
    return;
  log('Building the console (next build)…');
  const result = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/next/dist/bin/next'), 'build'], {
    stdio: 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) throw new Error('next build failed');
}

function newerThan(entries: string[], time: number): boolean {
  const walk = (p: string): boolean => {
    const full = path.join(ROOT, p);
    if (!fs.existsSync(full)) return false;
    const stat = fs.statSync(full);
    if (stat.isDirectory()) return fs.readdirSync(full).some((child) => walk(path.join(p, child)));
    return stat.mtimeMs > time;
  };
  return entries.some(walk);
}

export async function startStack(options: StackOptions): Promise<Stack> {
  const log = (line: string) => options.quiet || console.log(line);
  fs.mkdirSync(options.dataDir, { recursive: true });
  const secrets = localSecrets(options.dataDir);
  ensureBuild(log);

  const sandbox = await startSandbox({
    port: options.sandboxPort,
    userConfirmKey: secrets.EFTPAY_USER_CONFIRM_KEY,
    secretCode: secrets.EFTPAY_SECRET_CODE,
    stateFile: path.join(options.dataDir, 'sandbox-state.json'),
    notifyRetryDelaysMs: [2_000, 10_000, 60_000, 300_000],
    applyRefundNotifyDelayMs: 1_500,
    // Demo orders span days; a day-long expiry keeps the seeded abandoned QR orders unpaid (and
    // closable by a supervisor) instead of eftPay closing them after 30 minutes.
    expiryMinutes: 24 * 60,
  });

  const url = `http://localhost:${options.port}`;
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    PORT: String(options.port),
    APP_URL: url,
    NEXTAUTH_URL: url,
    AUTH_SECRET: secrets.AUTH_SECRET,
    PGLITE_DIR: path.join(options.dataDir, 'pglite'),
    DATABASE_URL: options.databaseUrl ?? '',
    DATABASE_OWNER_URL: options.databaseOwnerUrl ?? '',
    EFTPAY_BASE_URL: sandbox.url,
    EFTPAY_USER_CONFIRM_KEY: secrets.EFTPAY_USER_CONFIRM_KEY,
    EFTPAY_SECRET_CODE: secrets.EFTPAY_SECRET_CODE,
    EFTPAY_NOTIFY_BASE_URL: `http://127.0.0.1:${options.port}`,
    EFTPAY_SANDBOX: '1',
    DEMO_ORDER_COUNT: String(options.demoOrders),
    ...options.extraEnv,
  };
  if (options.infoFile) {
    const info = {
      url,
      sandboxUrl: sandbox.url,
      secretCode: secrets.EFTPAY_SECRET_CODE,
      userConfirmKey: secrets.EFTPAY_USER_CONFIRM_KEY,
    };
    fs.writeFileSync(options.infoFile, JSON.stringify(info), { mode: 0o600 });
  }
  const args =
    options.demoSeed === false
      ? [path.join(ROOT, 'node_modules/next/dist/bin/next'), 'start', '-p', String(options.port), '-H', '127.0.0.1']
      : [
          // As every script that runs server modules outside Next: 'server-only' resolves to nothing.
          '--conditions=react-server',
          '--import',
          'tsx',
          path.join(ROOT, 'scripts/demo/server.ts'),
          '--port',
          String(options.port),
          '--hostname',
          '127.0.0.1',
        ];
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: ROOT,
    env: env as NodeJS.ProcessEnv,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? 1)));

  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    await sandbox.close();
  };

  try {
    await waitForReady(`http://127.0.0.1:${options.port}/api/health?demo=done`, exited);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, sandboxUrl: sandbox.url, env, stop };
}

async function waitForReady(healthUrl: string, exited: Promise<number>): Promise<void> {
  let done = false;
  const failure = exited.then((code) => {
    if (!done) throw new Error(`The console exited during start-up (code ${code}).`);
  });
  const poll = (async () => {
    const deadline = Date.now() + 180_000;
    while (Date.now() < deadline) {
      try {
        const res = await fetch(healthUrl);
        if (res.ok) return;
      } catch {}
      await new Promise((r) => setTimeout(r, 300));
    }
    throw new Error('The console did not become ready within 3 minutes.');
  })();
  try {
    await Promise.race([poll, failure]);
  } finally {
    done = true;
  }
}
