import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { connect, type Database, migrate } from '@/db/connect';

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or a new database on
 * the real Postgres server named by TEST_DATABASE_URL when this run is the Postgres project
 * (TEST_DB_KIND=postgres). Real Postgres databases are cloned from a migrated template made once
 * per run (tests/support/postgres-global-setup.ts).
 *
 * With the console's two roles on that server (TEST_DATABASE_OWNER_URL and TEST_DATABASE_RUNTIME_URL,
 * made by scripts/postgres.sh), the template is migrated as the owner on the server's start-up path
 * (db/open.ts) and every test file's database is opened as the runtime role, as the console runs in
 * production: whatever the code under test does, it does with the runtime role's privileges.
 * `asOwner()` is for what only the owner may do (statistics, triggers) — PGlite and a single role
 * give back the same handle.
 */
export const TEST_DB_KIND: 'pglite' | 'postgres' = process.env.TEST_DB_KIND === 'postgres' ? 'postgres' : 'pglite';

export const TEMPLATE_DB = 'eftpay_test_template';

export interface TestRoles {
  /** Server URLs (any database name): the role that owns the tables, and the console's role. */
  ownerUrl: string;
  runtimeUrl: string;
  owner: string;
  runtime: string;
}

/** The two roles, when this is a Postgres run that names them; otherwise one role does everything. */
export function testRoles(): TestRoles | undefined {
  return TEST_DB_KIND === 'postgres' ? serverRoles() : undefined;
}

/** The two roles the environment names for the test server (the Postgres project's global set-up). */
export function serverRoles(): TestRoles | undefined {
  const ownerUrl = process.env.TEST_DATABASE_OWNER_URL;
  const runtimeUrl = process.env.TEST_DATABASE_RUNTIME_URL;
  if (!ownerUrl || !runtimeUrl) return undefined;
  const roleOf = (url: string) => decodeURIComponent(new URL(url).username);
  return { ownerUrl, runtimeUrl, owner: roleOf(ownerUrl), runtime: roleOf(runtimeUrl) };
}

export type TestDatabase = Database & {
  url?: string;
  /** Set with two roles: DATABASE_OWNER_URL for this database. */
  ownerUrl?: string;
  /** A handle as the role that owns the tables (the same handle with one role). */
  asOwner(): Promise<Database>;
  drop(): Promise<void>;
};

export async function createTestDatabase(): Promise<TestDatabase> {
  if (TEST_DB_KIND === 'pglite') {
    const database = await connect({ dataDir: 'memory://' });
    await migrate(database);
    return { ...database, asOwner: async () => database, drop: () => database.close() };
  }
  const serverUrl = requireServerUrl();
  const roles = testRoles();
  const name = `eftpay_t_${randomBytes(6).toString('hex')}`;
  await withAdmin(serverUrl, (c) =>
    c.query(
      `create database ${name} template ${TEMPLATE_DB}${roles ? ` owner ${pg.escapeIdentifier(roles.owner)}` : ''}`,
    ),
  );
  const url = withDatabase(roles?.runtimeUrl ?? serverUrl, name);
  const ownerUrl = roles && withDatabase(roles.ownerUrl, name);
  const database = await connect({ url, poolSize: 30 });
  if (roles) database.ownerRole = roles.owner;
  let owner: Promise<Database> | undefined;
  return {
    ...database,
    url,
    ownerUrl,
    asOwner: () => {
      if (!ownerUrl) return Promise.resolve(database);
      owner ??= connect({ url: ownerUrl, poolSize: 2 });
      return owner;
    },
    drop: async () => {
      await database.close();
      await (await owner)?.close();
      await withAdmin(serverUrl, (c) => c.query(`drop database if exists ${name} with (force)`));
    },
  };
}

export function requireServerUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set');
  return url;
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function withAdmin<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Drizzle wraps driver errors ("Failed query: …"); the database's own message is the cause. */
export async function dbErrorOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause;
    return cause?.message ?? (error as Error).message;
  }
  throw new Error('expected the statement to be rejected');
}
