import 'server-only';
import { env } from '@/lib/env';
import type { Database, Db } from './connect';
import { openDatabase } from './open';

/**
 * The application's single database handle: PGlite in a local folder by default, PostgreSQL when
 * DATABASE_URL is set — migrated on first use, as DATABASE_OWNER_URL's role when that is set
 * (db/open.ts). Cached on globalThis so dev-mode reloads do not open a second PGlite.
 */
const holder = globalThis as unknown as { __eftpayDatabase?: Promise<Database> };

export function getDatabase(): Promise<Database> {
  holder.__eftpayDatabase ??= (async () => {
    const e = env();
    return openDatabase({ url: e.DATABASE_URL, ownerUrl: e.DATABASE_OWNER_URL, dataDir: e.PGLITE_DIR });
  })();
  return holder.__eftpayDatabase;
}

export async function getDb(): Promise<Db> {
  return (await getDatabase()).db;
}
