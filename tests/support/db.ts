import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { connect, type Database, migrate } from '@/db/connect';

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or a new database on
 * the real Postgres server named by TEST_DATABASE_URL when this run is the Postgres project
 * (TEST_DB_KIND=postgres). Real Postgres databases are cloned from a migrated template made once
 * per run (tests/support/postgres-global-setup.ts).
 */
export const TEST_DB_KIND: 'pglite' | 'postgres' = process.env.TEST_DB_KIND === 'postgres' ? 'postgres' : 'pglite';

export const TEMPLATE_DB = 'eftpay_test_template';

export async function createTestDatabase(): Promise<Database & { url?: string; drop(): Promise<void> }> {
  if (TEST_DB_KIND === 'pglite') {
    const database = await connect({ dataDir: 'memory://' });
    await migrate(database);
    return { ...database, drop: () => database.close() };
  }
  const serverUrl = requireServerUrl();
  const name = `eftpay_t_${randomBytes(6).toString('hex')}`;
  await withAdmin(serverUrl, (c) => c.query(`create database ${name} template ${TEMPLATE_DB}`));
  const url = withDatabase(serverUrl, name);
  const database = await connect({ url, poolSize: 30 });
  return {
    ...database,
    url,
    drop: async () => {
      await database.close();
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
