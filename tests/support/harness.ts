import { afterAll, beforeAll, vi } from 'vitest';
import type { Database } from '@/db/connect';
import type { GatewayConfig } from '@/lib/eftpay/gateway';
import { createSandboxControl } from '@/lib/eftpay/sandbox/control';
import { type SandboxOptions, startSandbox } from '@/lib/eftpay/sandbox/server';
import { createTestDatabase, type TestDatabase } from './db';
import { setDatabase } from './seams/database';
import { configureGateway } from './seams/gateway-config';

/**
 * The integration tests' world, one piece per need: the server's run-time configuration, a fresh
 * database handed to the server code, and the eftPay sandbox the console's gateway talks to.
 */

/** Nothing listens on the discard port: a call that must not happen fails fast instead of leaving. */
export const UNREACHABLE = 'http://127.0.0.1:9';

export interface GatewayCredentials {
  userConfirmKey: string;
  secretCode: string;
}

/**
 * The configuration the server reads at run time (test values only), for this file until
 * `restoreServerEnv()`. `extra` adds or overrides variables, e.g. CLOSE_MIN_AGE_MINUTES.
 */
export function stubServerEnv(
  credentials: GatewayCredentials = { userConfirmKey: 'TESTKEY', secretCode: 'test-secret-code' },
  extra: Record<string, string> = {},
): void {
  const values: Record<string, string> = {
    AUTH_SECRET: 'test-auth-secret-0123456789abcdef0123456789',
    EFTPAY_BASE_URL: `${UNREACHABLE}/VMP`,
    EFTPAY_USER_CONFIRM_KEY: credentials.userConfirmKey,
    EFTPAY_SECRET_CODE: credentials.secretCode,
    ...extra,
  };
  for (const [name, value] of Object.entries(values)) vi.stubEnv(name, value);
}

export function restoreServerEnv(): void {
  vi.unstubAllEnvs();
}

export type { TestDatabase };

/** A fresh, migrated database, handed to the server code (getDb: actions, routes, pages). */
export async function openTestDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase();
  setDatabase(database);
  return database;
}

/**
 * `openTestDatabase()` before this file's tests and dropped after them (with `serverEnv`, the
 * server's configuration stubbed for as long). The handle reads through to the open database, so it
 * can be taken at the top of the file and used in hooks and tests.
 */
export function testDatabaseForFile(
  options: { serverEnv?: boolean } = {},
): Database & Pick<TestDatabase, 'url' | 'ownerUrl' | 'asOwner'> {
  let current: TestDatabase | undefined;
  const open = (): TestDatabase => {
    if (!current) throw new Error('the test database is open only from beforeAll to afterAll');
    return current;
  };
  beforeAll(async () => {
    if (options.serverEnv) stubServerEnv();
    current = await openTestDatabase();
  });
  afterAll(async () => {
    await current?.drop();
    current = undefined;
    if (options.serverEnv) restoreServerEnv();
  });
  return {
    get db() {
      return open().db;
    },
    get kind() {
      return open().kind;
    },
    get pglite() {
      return open().pglite;
    },
    get pool() {
      return open().pool;
    },
    get url() {
      return open().url;
    },
    get ownerUrl() {
      return open().ownerUrl;
    },
    get ownerRole() {
      return open().ownerRole;
    },
    asOwner: () => open().asOwner(),
    close: () => open().close(),
  };
}

/** The eftPay sandbox in this process, on a free port. */
export function startTestSandbox(credentials: GatewayCredentials, options: Partial<SandboxOptions> = {}) {
  return startSandbox({ port: 0, ...credentials, ...options });
}

/**
 * The sandbox, with the console's gateway (lib/eftpay/gateway.ts) pointed at it. Notifications go
 * nowhere unless `gateway.notifyUrl` names a receiver.
 */
export async function startConsoleSandbox(
  credentials: GatewayCredentials,
  options: { sandbox?: Partial<SandboxOptions>; gateway?: Partial<GatewayConfig> } = {},
) {
  const sandbox = await startTestSandbox(credentials, options.sandbox);
  // The console's own configuration, as its routes read it (e.g. the notify route's client address).
  stubServerEnv(credentials);
  const config: GatewayConfig = {
    baseUrl: sandbox.url,
    ...credentials,
    notifyUrl: `${UNREACHABLE}/api/eftpay/notify`,
    ...options.gateway,
  };
  configureGateway(config);
  return {
    sandbox,
    control: createSandboxControl(sandbox.url),
    /** Runs `fn` with the console's gateway configured differently (e.g. a short timeout). */
    async withGateway<T>(overrides: Partial<GatewayConfig>, fn: () => Promise<T>): Promise<T> {
      configureGateway({ ...config, ...overrides });
      try {
        return await fn();
      } finally {
        configureGateway(config);
      }
    },
    async close() {
      configureGateway(undefined);
      restoreServerEnv();
      await sandbox.close();
    },
  };
}

export type ConsoleSandbox = Awaited<ReturnType<typeof startConsoleSandbox>>;
