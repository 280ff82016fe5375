import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Database } from '@/db/connect';
import { GENESIS_HASH } from '@/lib/audit/chain';
import { recordAudit } from '@/lib/audit/record';
import { verifyAuditChain } from '@/lib/audit/verify-chain';
import { requireServerUrl, TEST_DB_KIND, withAdmin, withDatabase } from '../../support/db';
import { chainRows } from './helpers';

/**
 * Upgrading a database that already holds audit rows: migration 0008 chains them, in id order,
 * and the rows written afterwards continue the same chain.
 */
const MIGRATIONS = path.join(process.cwd(), 'db', 'migrations');
const FIRST_CHAIN_MIGRATION = '0007_audit_chain_columns';

/** The committed migrations up to (not including) the chain's, as their own folder. */
function migrationsBeforeChain(dir: string): string {
  fs.cpSync(MIGRATIONS, dir, { recursive: true });
  const journalFile = path.join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: Array<{ tag: string }> };
  const cut = journal.entries.findIndex((e) => e.tag === FIRST_CHAIN_MIGRATION);
  expect(cut).toBeGreaterThan(0);
  journal.entries = journal.entries.slice(0, cut);
  fs.writeFileSync(journalFile, JSON.stringify(journal));
  return dir;
}

/** Every row's content, the chain's own columns left out: the migration must change nothing else. */
async function contents(database: Database) {
  const result = (await database.db.execute(
    sql`select id::text as id, md5((id, at, actor_kind, actor_staff_id, action, entity_type, entity_id, order_id,
           store_id, ip, user_agent, before, after, data)::text) as content from audit_log order by audit_log.id`,
  )) as unknown as { rows: Array<{ id: string; content: string }> };
  return result.rows;
}

describe('migrating a populated audit log to the hash chain', () => {
  let dir: string;
  let database: Database;
  let drop: () => Promise<void>;
  const apply = (migrationsFolder: string) =>
    database.kind === 'pglite'
      ? migratePglite(database.db as never, { migrationsFolder })
      : migratePg(database.db as never, { migrationsFolder });

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-chain-migration-'));
    if (TEST_DB_KIND === 'pglite') {
      database = await connect({ dataDir: 'memory://' });
      drop = () => database.close();
    } else {
      // An empty database (not the migrated template), as the server's superuser.
      const name = `eftpay_m_${randomBytes(6).toString('hex')}`;
      await withAdmin(requireServerUrl(), (c) => c.query(`create database ${name}`));
      database = await connect({ url: withDatabase(requireServerUrl(), name), poolSize: 2 });
      drop = async () => {
        await database.close();
        await withAdmin(requireServerUrl(), (c) => c.query(`drop database if exists ${name} with (force)`));
      };
    }
  });
  afterAll(async () => {
    await drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('chains the rows written before, in id order, and goes on from the last of them', async () => {
    await apply(migrationsBeforeChain(path.join(dir, 'before')));
    await database.db.execute(sql`insert into audit_log (at, actor_kind, action, entity_type, entity_id, data)
      select timestamptz '2026-01-01 00:00:00.000001+00' + (i * interval '1 second 1 microsecond'), 'system',
             'legacy.row', 'test', i::text, jsonb_build_object('i', i, 'amount', 12.50, 'note', 'é "q"')
      from generate_series(1, 25) as i`);
    const before = await contents(database);

    await apply(MIGRATIONS);
    const rows = await chainRows(database.db);
    expect(rows).toHaveLength(25);
    expect(rows.map((r) => Number(r.seq))).toEqual(rows.map((_, i) => i + 1));
    expect(rows.map((r) => Number(r.id))).toEqual([...rows.map((r) => Number(r.id))].sort((a, b) => a - b));
    expect(rows[0]!.prevHash).toBe(GENESIS_HASH);
    expect(await contents(database)).toEqual(before);

    await database.db.transaction((tx) =>
      recordAudit(tx, { kind: 'system' }, { action: 'new.row', entityType: 'test' }),
    );
    const next = (await chainRows(database.db)).at(-1)!;
    expect(Number(next.seq)).toBe(26);
    expect(next.prevHash).toBe(rows.at(-1)!.hash);
    expect(await verifyAuditChain(database.db)).toMatchObject({ rows: 26, problemCount: 0 });
  });
});
