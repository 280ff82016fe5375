import 'server-only';
import { env } from '@/lib/env';
import { connect, type Database, type Db, migrate } from './connect';

/**
 * The application's single database handle: PGlite in a local folder by default, PostgreSQL when
 * DATABASE_URL is set. Cached on globalThis so dev-mode reloads do not open a second PGlite.
 */
const holder = globalThis as unknown as { __eftpayDatabase?: Promise<Database> };

export function getDatabase(): Promise<Database> {
  holder.__eftpayDatabase ??= (async () => {
    const e = env();
    const database = await connect({ url: e.DATABASE_URL, dataDir: e.PGLITE_DIR });
    await migrate(database);
    return database;
  })();
  return holder.__eftpayDatabase;
}

export async function getDb(): Promise<Db> {
  return (await getDatabase()).db;
}
