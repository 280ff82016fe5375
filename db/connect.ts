import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import * as schema from './schema';

export type Schema = typeof schema;
/** The common face of the PGlite and node-postgres drivers; every query function takes this. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Query functions take either, so they compose inside a caller's transaction. */
export type DbOrTx = Db | Tx;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Set for PGlite: pg-boss and raw multi-statement SQL need the client itself. */
  pglite?: PGlite;
  /** Set for Postgres. */
  pool?: pg.Pool;
  /**
   * Set when the schema belongs to another role (DATABASE_OWNER_URL, db/open.ts): this connection's
   * role owns nothing and may not migrate — pg-boss's schema included.
   */
  ownerRole?: string;
  close(): Promise<void>;
}

const MIGRATIONS_FOLDER = path.join(process.cwd(), 'db', 'migrations');

export interface ConnectOptions {
  /** postgres://… — real PostgreSQL through node-postgres. */
  url?: string;
  /** PGlite data folder; `memory://` for a throwaway in-memory database. */
  dataDir?: string;
  poolSize?: number;
}

export async function connect(options: ConnectOptions): Promise<Database> {
  if (options.url) {
    const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
    // An idle client's error (e.g. the server restarting) must not crash the process.
    pool.on('error', () => {});
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    return { db, kind: 'postgres', pool, close: () => pool.end() };
  }
  const dataDir = options.dataDir ?? path.join(process.cwd(), '.data', 'pglite');
  const release = dataDir.startsWith('memory://') ? () => {} : lockDataDir(dataDir);
  const pglite = new PGlite(dataDir.startsWith('memory://') ? undefined : dataDir);
  await pglite.waitReady;
  const db = drizzlePglite(pglite, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    pglite,
    close: async () => {
      await pglite.close();
      release();
    },
  };
}

/**
 * PGlite is single-process: two processes can open one folder without error and silently diverge.
 * A pid lock file turns that into a clear failure.
 */
function lockDataDir(dataDir: string): () => void {
  fs.mkdirSync(path.dirname(path.resolve(dataDir)), { recursive: true });
  const lockFile = `${path.resolve(dataDir)}.lock`;
  try {
    fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
  } catch {
    const holder = Number(fs.readFileSync(lockFile, 'utf8'));
    if (holder && holder !== process.pid && isAlive(holder)) {
      throw new Error(
        `The embedded database ${dataDir} is in use by process ${holder}. Stop it first, or set DATABASE_URL.`,
      );
    }
    fs.writeFileSync(lockFile, String(process.pid));
  }
  const release = () => {
    try {
      if (fs.readFileSync(lockFile, 'utf8') === String(process.pid)) fs.unlinkSync(lockFile);
    } catch {}
  };
  process.once('exit', release);
  return release;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Applies the committed migrations; on Postgres under an advisory lock, so instances can start
 * together. `then` runs on Postgres under the same lock, after the migrations (db/migrate-as-owner.ts:
 * pg-boss's schema and the grants — concurrent GRANTs on one object fail).
 */
export async function migrate(database: Database, then?: (client: pg.PoolClient) => Promise<void>): Promise<void> {
  const config = { migrationsFolder: MIGRATIONS_FOLDER };
  if (database.kind === 'pglite') {
    await migratePglite(database.db as never, config);
    return;
  }
  const client = await database.pool!.connect();
  try {
    await client.query('select pg_advisory_lock(726301)');
    await migratePg(drizzlePg(client, { schema }), config);
    await then?.(client);
  } finally {
    await client.query('select pg_advisory_unlock(726301)').catch(() => {});
    client.release();
  }
}
