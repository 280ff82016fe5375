import type { Database, Db } from '@/db/connect';

/**
 * Stands in for db/client.ts in the tests (vitest.config.ts): the server code's database handle is
 * the test file's own database, handed in with `setDatabase`. There is no fallback to DATABASE_URL
 * or PGLITE_DIR, so server code that runs before a test hands one in fails instead of opening a
 * folder of its own.
 */
let current: Promise<Database> | undefined;

export function setDatabase(database: Database): void {
  current = Promise.resolve(database);
}

export function getDatabase(): Promise<Database> {
  if (!current) throw new Error('No test database: call setDatabase() (tests/support/seams/database.ts) first.');
  return current;
}

export async function getDb(): Promise<Db> {
  return (await getDatabase()).db;
}
