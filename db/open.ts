import 'server-only';
import { type ConnectOptions, connect, type Database, migrate } from './connect';
import { migrateAsOwner, whoAmI } from './migrate-as-owner';

export interface OpenOptions extends ConnectOptions {
  /**
   * DATABASE_OWNER_URL: the role that owns the schema migrates it and grants the connection's role
   * (DATABASE_URL) what the console needs. Unset: the connection's own role migrates (and owns).
   */
  ownerUrl?: string;
}

/**
 * Opens the console's database and brings its schema up to date: the start-up path of the server
 * (db/client.ts) and of `npm run staff:create`. PGlite has one role and migrates as it.
 */
export async function openDatabase(options: OpenOptions): Promise<Database> {
  const database = await connect(options);
  try {
    if (options.ownerUrl) {
      if (database.kind !== 'postgres') throw new Error('DATABASE_OWNER_URL needs DATABASE_URL (PostgreSQL).');
      database.ownerRole = await migrateAsOwner(options.ownerUrl, await whoAmI(database.pool!));
    } else {
      await migrate(database).catch((error: unknown) => {
        throw permissionDenied(error)
          ? new Error(
              `DATABASE_URL's role may not change the schema (${messageOf(error)}). If it is the console's least-privileged role, set DATABASE_OWNER_URL to the role that owns the tables.`,
            )
          : error;
      });
    }
    return database;
  } catch (error) {
    await database.close().catch(() => {});
    throw error;
  }
}

type PgError = { code?: string; message?: string; cause?: PgError };

function permissionDenied(error: unknown): boolean {
  const e = error as PgError | undefined;
  return e?.code === '42501' || e?.cause?.code === '42501';
}

function messageOf(error: unknown): string {
  const e = error as PgError | undefined;
  return e?.cause?.message ?? e?.message ?? String(error);
}
