/**
 * Two production console instances (`next start` of the suite's build) on one PostgreSQL database,
 * behind a small load balancer, with one sandbox eftPay gateway — the deployment the README's
 * "Scaling out" section describes, on one machine. Used by tests/e2e/scale-out.spec.ts.
 *
 * - Both instances get the same AUTH_SECRET, eftPay credentials, APP_URL (the balancer's URL) and
 *   TRUSTED_PROXY_HOPS=1, and start at the same moment: both migrate (under the advisory lock) and
 *   both run the background worker.
 * - The database is a fresh one on TEST_DATABASE_URL's server, owned by TEST_DATABASE_OWNER_URL's
 *   role and used as TEST_DATABASE_RUNTIME_URL's (one role when they are not set).
 * - The balancer does what a real one does (appends X-Forwarded-For, keeps the Host), and no sticky
 *   sessions: a request carrying PIN_HEADER goes to that instance (so a test can choose), any other
 *   — eftPay's notifications included — round-robin.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import type { Browser, BrowserContext } from '@playwright/test';
import pg from 'pg';
import { connect, type Database } from '@/db/connect';
import { createEftpayClient, type EftpayClient } from '@/lib/eftpay/client';
import { createSandboxControl, type SandboxControl } from '@/lib/eftpay/sandbox/control';
import { type RunningSandbox, startSandbox } from '@/lib/eftpay/sandbox/server';
import { seedDemoStaff } from '@/scripts/demo/seed-staff';
import { withDatabaseName } from '../bench/lib/postgres';

export type InstanceName = 'a' | 'b';
export const INSTANCES: readonly InstanceName[] = ['a', 'b'];
/** Sent by a test's browser context to choose the instance; the balancer strips it. */
export const PIN_HEADER = 'x-test-instance';

const ROOT = process.cwd();

/** Why the scale-out test cannot run here, or null when it can. */
export function whyNoRealPostgres(): string | null {
  if (process.env.TEST_DATABASE_URL) return null;
  return 'needs a real PostgreSQL server (TEST_DATABASE_URL, as `npm test` and .ci/run set it): PGlite is one process’s database, so two instances cannot share it';
}

/** Ports from the suite's own (E2E_PORT, E2E_SANDBOX_PORT), so parallel runs stay apart. */
export function clusterPorts() {
  const base = Number(process.env.E2E_PORT ?? 3100);
  const sandboxBase = Number(process.env.E2E_SANDBOX_PORT ?? 4101);
  return { a: base + 1, b: base + 2, balancer: base + 3, sandbox: sandboxBase + 1 };
}

export interface ServedRequest {
  backend: InstanceName;
  method: string;
  path: string;
  /** The server action's id (Next-Action header), if it was one. */
  action?: string;
}

export interface Instance {
  name: InstanceName;
  port: number;
  /** Every complete line the instance wrote to stdout (pino's JSON lines among Next's own). */
  lines: string[];
  /** The reconciler passes it logged (lib/jobs/reconcile.ts logs a pass that checked anything). */
  passes(): Array<{ orders: { checked: number }; refunds: { checked: number } }>;
  /** Settles when the process has exited. */
  exited: Promise<void>;
  stop(): Promise<void>;
}

export interface Cluster {
  /** The balancer: the console's one public URL (APP_URL of both instances). */
  url: string;
  instances: Record<InstanceName, Instance>;
  served: ServedRequest[];
  sandbox: RunningSandbox;
  control: SandboxControl;
  /** A merchant's till against the sandbox (PreOrder, Query), as the E2E helpers use it. */
  till: EftpayClient;
  /** The test's own handle on the shared database, as the console's runtime role. */
  database: Database;
  /** A browser context on the balancer whose requests all go to `instance`. */
  context(browser: Browser, instance: InstanceName): Promise<BrowserContext>;
  stop(): Promise<void>;
}

interface FreshDatabase {
  name: string;
  url: string;
  ownerUrl?: string;
  drop(): Promise<void>;
}

async function asAdmin(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabaseName(serverUrl, 'postgres') });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** A new, empty database on the test server, owned by the owner role when the two roles are named. */
async function freshDatabase(serverUrl: string): Promise<FreshDatabase> {
  const ownerUrl = process.env.TEST_DATABASE_OWNER_URL;
  const runtimeUrl = process.env.TEST_DATABASE_RUNTIME_URL;
  const twoRoles = Boolean(ownerUrl && runtimeUrl);
  const name = `eftpay_scaleout_${randomBytes(4).toString('hex')}`;
  const owner = twoRoles ? decodeURIComponent(new URL(ownerUrl!).username) : undefined;
  await asAdmin(serverUrl, `create database ${name}${owner ? ` owner ${pg.escapeIdentifier(owner)}` : ''}`);
  return {
    name,
    url: withDatabaseName(twoRoles ? runtimeUrl! : serverUrl, name),
    ownerUrl: twoRoles ? withDatabaseName(ownerUrl!, name) : undefined,
    drop: () => asAdmin(serverUrl, `drop database if exists ${name} with (force)`),
  };
}

async function assertPortFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', () => reject(new Error(`port ${port} is in use: stop what holds it (fuser -k ${port}/tcp)`)));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

/** The balancer's address as a proxy would append it: a plain IPv4 address for 127.0.0.1. */
function peerAddress(socket: net.Socket): string {
  return (socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
}

function startBalancer(port: number, backends: Record<InstanceName, number>, served: ServedRequest[]) {
  let turn = 0;
  const server = http.createServer((req, res) => {
    const pinned = req.headers[PIN_HEADER];
    const backend: InstanceName =
      pinned === 'a' || pinned === 'b' ? pinned : (INSTANCES[turn++ % INSTANCES.length] as InstanceName);
    const headers = { ...req.headers };
    delete headers[PIN_HEADER];
    const forwarded = req.headers['x-forwarded-for'];
    headers['x-forwarded-for'] = [forwarded, peerAddress(req.socket)].filter(Boolean).join(', ');
    headers['x-forwarded-proto'] = 'http';
    const action = req.headers['next-action'];
    served.push({
      backend,
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      ...(typeof action === 'string' ? { action } : {}),
    });
    const upstream = http.request(
      { host: '127.0.0.1', port: backends[backend], method: req.method, path: req.url, headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, { ...answer.headers, 'x-served-by': backend });
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end('bad gateway');
    });
    req.pipe(upstream);
  });
  return new Promise<http.Server>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

/**
 * `next start` as a separate process, with the environment of an instance behind the balancer. The
 * test runner's `--conditions=react-server` is not handed on: Next sets the condition per bundle.
 */
function startInstance(name: InstanceName, port: number, env: Record<string, string>, logFile: string): Instance {
  const childEnv: Record<string, string> = {
    ...env,
    PORT: String(port),
    NODE_OPTIONS: (process.env.NODE_OPTIONS ?? '').replace(/--conditions[= ]react-server/g, '').trim(),
  };
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(ROOT, 'node_modules/next/dist/bin/next'), 'start', '-p', String(port), '-H', '127.0.0.1'],
    {
      cwd: ROOT,
      env: childEnv as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const lines: string[] = [];
  const out = fs.createWriteStream(logFile);
  let partial = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    out.write(chunk);
    const text = partial + chunk.toString('utf8');
    const parts = text.split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
  });
  child.stderr?.on('data', (chunk: Buffer) => out.write(chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    name,
    port,
    lines,
    passes: () =>
      lines.flatMap((line) => {
        if (!line.startsWith('{')) return [];
        try {
          const entry = JSON.parse(line) as {
            msg?: string;
            orders?: { checked: number };
            refunds?: { checked: number };
          };
          return entry.msg === 'reconciler pass' && entry.orders && entry.refunds
            ? [{ orders: entry.orders, refunds: entry.refunds }]
            : [];
        } catch {
          return [];
        }
      }),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const killed = await Promise.race([exited.then(() => true), new Promise((r) => setTimeout(r, 8_000, false))]);
        if (!killed) child.kill('SIGKILL');
        await exited;
      }
      out.end();
    },
    exited,
  };
}

async function waitForReady(instance: Instance, logFile: string): Promise<void> {
  let gone = false;
  void instance.exited.then(() => {
    gone = true;
  });
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (gone) throw new Error(`instance ${instance.name} exited during start-up; see ${logFile}`);
    try {
      const res = await fetch(`http://127.0.0.1:${instance.port}/api/health`);
      if (res.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`instance ${instance.name} was not ready within 3 minutes; see ${logFile}`);
}

/**
 * Starts the cluster: a fresh database, the sandbox, the balancer and both instances (together),
 * then the demo stores and staff (scripts/demo/seed-staff.ts) written once, from here.
 */
export async function startCluster(options: { logDir: string }): Promise<Cluster> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) throw new Error(whyNoRealPostgres() ?? 'no TEST_DATABASE_URL');
  const dist = process.env.NEXT_DIST_DIR || '.next';
  if (!fs.existsSync(path.join(ROOT, dist, 'BUILD_ID'))) {
    // The suite's server (playwright.config.ts → scripts/e2e-server.ts) builds it before any spec runs.
    throw new Error(`no production build in ${dist}/ (the E2E server builds it; or run next build)`);
  }
  const ports = clusterPorts();
  for (const port of Object.values(ports)) await assertPortFree(port);
  fs.mkdirSync(options.logDir, { recursive: true });

  const cleanups: Array<() => Promise<unknown>> = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  };
  try {
    const db = await freshDatabase(serverUrl);
    cleanups.push(() => db.drop());

    // One set of secrets for both instances, made here and never printed.
    const secrets = {
      AUTH_SECRET: randomBytes(32).toString('hex'),
      EFTPAY_SECRET_CODE: randomBytes(16).toString('hex'),
      EFTPAY_USER_CONFIRM_KEY: `SO${randomBytes(4).toString('hex').toUpperCase()}`,
    };
    const sandbox = await startSandbox({
      port: ports.sandbox,
      userConfirmKey: secrets.EFTPAY_USER_CONFIRM_KEY,
      secretCode: secrets.EFTPAY_SECRET_CODE,
      notifyRetryDelaysMs: [500, 2_000, 10_000],
    });
    cleanups.push(() => sandbox.close());

    const served: ServedRequest[] = [];
    const balancer = await startBalancer(ports.balancer, { a: ports.a, b: ports.b }, served);
    cleanups.push(
      () =>
        new Promise((resolve) => {
          balancer.close(resolve);
          balancer.closeAllConnections();
        }),
    );
    const url = `http://localhost:${ports.balancer}`;

    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      ...(process.env.NEXT_DIST_DIR ? { NEXT_DIST_DIR: process.env.NEXT_DIST_DIR } : {}),
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      APP_URL: url,
      NEXTAUTH_URL: url,
      AUTH_SECRET: secrets.AUTH_SECRET,
      DATABASE_URL: db.url,
      ...(db.ownerUrl ? { DATABASE_OWNER_URL: db.ownerUrl } : {}),
      TRUSTED_PROXY_HOPS: '1',
      EFTPAY_BASE_URL: sandbox.url,
      EFTPAY_USER_CONFIRM_KEY: secrets.EFTPAY_USER_CONFIRM_KEY,
      EFTPAY_SECRET_CODE: secrets.EFTPAY_SECRET_CODE,
      EFTPAY_NOTIFY_BASE_URL: url,
      EFTPAY_SANDBOX: '1',
      WORKER_ENABLED: '1',
      RECONCILE_INTERVAL_SECONDS: '5',
      LOG_LEVEL: 'info',
    };
    const logFile = (name: InstanceName) => path.join(options.logDir, `instance-${name}.log`);
    const instances = {
      a: startInstance('a', ports.a, env, logFile('a')),
      b: startInstance('b', ports.b, env, logFile('b')),
    };
    for (const instance of Object.values(instances)) cleanups.push(() => instance.stop());
    await Promise.all(INSTANCES.map((name) => waitForReady(instances[name], logFile(name))));

    const database = await connect({ url: db.url, poolSize: 4 });
    cleanups.push(() => database.close());
    await seedDemoStaff(database.db);

    return {
      url,
      instances,
      served,
      sandbox,
      control: createSandboxControl(sandbox.url),
      till: createEftpayClient({
        baseUrl: sandbox.url,
        userConfirmKey: secrets.EFTPAY_USER_CONFIRM_KEY,
        secretCode: secrets.EFTPAY_SECRET_CODE,
      }),
      database,
      context: (browser, instance) =>
        browser.newContext({ baseURL: url, extraHTTPHeaders: { [PIN_HEADER]: instance } }),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
