import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/connect';
import { APPEND_ONLY_TABLES } from '@/db/grants';
import { installJobSchema } from '@/db/job-schema';
import { openDatabase } from '@/db/open';
import { auditLog } from '@/db/schema';
import { startWorker } from '@/lib/jobs/worker';
import { dbErrorOf, requireServerUrl, TEST_DB_KIND, testRoles, withAdmin, withDatabase } from '../../support/db';
import { testDatabaseForFile } from '../../support/harness';
import { uniqueNo } from '../../support/unique';

/**
 * The console's two database roles on real PostgreSQL (README, "Database roles"): migrations run
 * as the owner at start-up, and the console runs as a role that owns nothing and may only read and
 * append the audit log — so it cannot switch the append-only triggers off and rewrite history.
 * Needs the roles on the test server (scripts/postgres.sh: TEST_DATABASE_OWNER_URL and
 * TEST_DATABASE_RUNTIME_URL); PGlite has one role.
 */
const roles = testRoles();
const database = testDatabaseForFile({ serverEnv: true });
const journal = JSON.parse(fs.readFileSync(path.join(process.cwd(), 'db/migrations/meta/_journal.json'), 'utf8')) as {
  entries: unknown[];
};

const rowsOf = async <T>(db: Database, query: ReturnType<typeof sql>) =>
  ((await db.db.execute(query)) as unknown as { rows: T[] }).rows;

const denied = (db: Database, statement: string) => dbErrorOf(db.db.execute(sql.raw(statement)));

describe.runIf(roles)('the runtime role (PostgreSQL)', () => {
  it('is the role the console runs as, and owns no table, schema or database', async () => {
    const [me] = await rowsOf<{ role: string; owns: number; owns_db: boolean }>(
      database,
      sql`select current_user as role,
            (select count(*)::int from pg_class where relowner = (select oid from pg_roles where rolname = current_user))
              + (select count(*)::int from pg_namespace where nspowner = (select oid from pg_roles where rolname = current_user)) as owns,
            (select pg_has_role(current_user, datdba, 'MEMBER') from pg_database where datname = current_database()) as owns_db`,
    );
    expect(me).toEqual({ role: roles!.runtime, owns: 0, owns_db: false });
    expect(roles!.runtime).not.toBe(roles!.owner);
  });

  it('found every table made by the migrations at start, as the owner', async () => {
    const tables = await rowsOf<{ name: string; owner: string }>(
      database,
      sql`select schemaname || '.' || tablename as name, tableowner as owner from pg_tables
          where schemaname in ('public', 'pgboss', 'drizzle') order by 1`,
    );
    const names = tables.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['public.audit_log', 'drizzle.__drizzle_migrations', 'pgboss.job']));
    expect(tables.filter((t) => t.owner !== roles!.owner)).toEqual([]);
    const owner = await database.asOwner();
    const [applied] = await rowsOf<{ n: number }>(
      owner,
      sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
    );
    expect(applied?.n).toBe(journal.entries.length);
  });

  it('cannot disable, drop or bypass the audit log’s triggers', async () => {
    const mustOwn = /must be owner of (table|relation) audit_log/;
    expect(await denied(database, 'alter table audit_log disable trigger audit_log_no_update_delete')).toMatch(mustOwn);
    expect(await denied(database, 'alter table audit_log disable trigger all')).toMatch(mustOwn);
    expect(await denied(database, 'drop trigger audit_log_no_truncate on audit_log')).toMatch(mustOwn);
    expect(await denied(database, `alter table audit_log owner to ${pg.escapeIdentifier(roles!.runtime)}`)).toMatch(
      mustOwn,
    );
    expect(await denied(database, 'drop table audit_log')).toMatch(mustOwn);
    expect(
      await denied(
        database,
        `create or replace function audit_log_reject_change() returns trigger language plpgsql as $$ begin return old; end $$`,
      ),
    ).toMatch(/permission denied for schema public/);
    // Replica mode skips ordinary triggers; only a superuser may set it.
    expect(await denied(database, 'set session_replication_role = replica')).toMatch(
      /permission denied to set parameter/,
    );
    const triggers = await rowsOf<{ name: string; enabled: string }>(
      database,
      sql`select tgname as name, tgenabled as enabled from pg_trigger
          where tgrelid = 'audit_log'::regclass and tgname like 'audit_log_no_%' order by 1`,
    );
    expect(triggers).toEqual([
      { name: 'audit_log_no_truncate', enabled: 'O' },
      { name: 'audit_log_no_update_delete', enabled: 'O' },
    ]);
  });

  it('appends and reads audit rows, and cannot update, delete or truncate them', async () => {
    const action = `test.appended.${uniqueNo()}`;
    const [row] = await database.db
      .insert(auditLog)
      .values({ actorKind: 'system', action, entityType: 'test' })
      .returning({ id: auditLog.id });
    expect(row?.id).toBeGreaterThan(0);
    const notAllowed = /permission denied for table audit_log/;
    expect(
      await dbErrorOf(database.db.update(auditLog).set({ action: 'tampered' }).where(eq(auditLog.id, row!.id))),
    ).toMatch(notAllowed);
    expect(await dbErrorOf(database.db.delete(auditLog).where(eq(auditLog.id, row!.id)))).toMatch(notAllowed);
    expect(await denied(database, 'truncate audit_log')).toMatch(notAllowed);
    const [still] = await database.db.select().from(auditLog).where(eq(auditLog.id, row!.id));
    expect(still?.action).toBe(action);
  });

  it('may not change or remove the other evidence tables’ rows either', async () => {
    for (const table of APPEND_ONLY_TABLES) {
      const notAllowed = new RegExp(`permission denied for table ${table}`);
      expect(await denied(database, `update ${table} set id = id where false`)).toMatch(notAllowed);
      expect(await denied(database, `delete from ${table} where false`)).toMatch(notAllowed);
      expect(await denied(database, `truncate ${table}`)).toMatch(notAllowed);
      expect(await rowsOf(database, sql.raw(`select id from ${table} limit 1`))).toBeInstanceOf(Array);
    }
  });

  it('may delete the rows retention trims (refused notifications, sign-in attempts)', async () => {
    for (const table of ['rejected_notifications', 'sign_in_attempts']) {
      expect(await rowsOf(database, sql.raw(`delete from ${table} where false returning id`))).toEqual([]);
      expect(await denied(database, `truncate ${table}`)).toMatch(new RegExp(`permission denied for table ${table}`));
    }
  });

  it('runs the background worker on pg-boss’s schema, which the owner installed', async () => {
    const passes: unknown[] = [];
    const worker = await startWorker(database, {
      intervalSeconds: 3_600,
      pollingIntervalSeconds: 0.5,
      onPass: (s) => passes.push(s),
    });
    try {
      const deadline = Date.now() + 20_000;
      while (passes.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(passes.length).toBeGreaterThan(0);
    } finally {
      await worker.stop();
    }
    const [schema] = await rowsOf<{ owner: string }>(
      database,
      sql`select pg_get_userbyid(nspowner) as owner from pg_namespace where nspname = 'pgboss'`,
    );
    expect(schema?.owner).toBe(roles!.owner);
  });
});

describe.runIf(roles)('start-up with DATABASE_OWNER_URL (PostgreSQL)', () => {
  const server = TEST_DB_KIND === 'postgres' ? requireServerUrl() : '';
  const made: string[] = [];
  const opened: Database[] = [];
  afterAll(async () => {
    for (const db of opened) await db.close().catch(() => {});
    await withAdmin(server, async (c) => {
      for (const name of made) await c.query(`drop database if exists ${name} with (force)`);
    });
  });

  /** An empty database, as an operator creates it: owned by `owner`. */
  async function emptyDatabase(owner: string): Promise<{ runtimeUrl: string; ownerUrl: string }> {
    const name = `eftpay_roles_${randomBytes(6).toString('hex')}`;
    await withAdmin(server, (c) => c.query(`create database ${name} owner ${pg.escapeIdentifier(owner)}`));
    made.push(name);
    return { runtimeUrl: withDatabase(roles!.runtimeUrl, name), ownerUrl: withDatabase(roles!.ownerUrl, name) };
  }

  async function open(options: Parameters<typeof openDatabase>[0]): Promise<Database> {
    const db = await openDatabase(options);
    opened.push(db);
    return db;
  }

  it('migrates a new database as the owner and grants the runtime role, again on every start', async () => {
    const urls = await emptyDatabase(roles!.owner);
    const first = await open({ url: urls.runtimeUrl, ownerUrl: urls.ownerUrl, poolSize: 2 });
    expect(first.ownerRole).toBe(roles!.owner);
    const [owners] = await rowsOf<{ owners: string[] }>(
      first,
      sql`select array_agg(distinct tableowner)::text[] as owners from pg_tables where schemaname in ('public', 'pgboss', 'drizzle')`,
    );
    expect(owners?.owners).toEqual([roles!.owner]);
    await first.db.insert(auditLog).values({ actorKind: 'system', action: 'test.first_start', entityType: 'test' });
    expect(await denied(first, 'alter table audit_log disable trigger all')).toMatch(/must be owner/);

    // A second instance starting: the same migrations (none left) and grants, without error.
    const second = await open({ url: urls.runtimeUrl, ownerUrl: urls.ownerUrl, poolSize: 2 });
    const [count] = await rowsOf<{ n: number }>(second, sql`select count(*)::int as n from audit_log`);
    expect(count?.n).toBeGreaterThan(0);
  });

  it('gives the runtime role rows, not ownership, of a table the owner adds later', async () => {
    const urls = await emptyDatabase(roles!.owner);
    const runtime = await open({ url: urls.runtimeUrl, ownerUrl: urls.ownerUrl, poolSize: 2 });
    const owner = await open({ url: urls.ownerUrl, poolSize: 1 });
    await owner.db.execute(sql`create table later_table (id bigserial primary key, note text)`);
    await runtime.db.execute(sql`insert into later_table (note) values ('written by the console')`);
    await runtime.db.execute(sql`update later_table set note = 'changed'`);
    expect(await denied(runtime, 'alter table later_table disable trigger all')).toMatch(/must be owner/);
    expect(await denied(runtime, 'truncate later_table')).toMatch(/permission denied/);
  });

  it('refuses two URLs of one role, and a runtime role that is a superuser', async () => {
    const urls = await emptyDatabase(roles!.owner);
    await expect(openDatabase({ url: urls.ownerUrl, ownerUrl: urls.ownerUrl, poolSize: 1 })).rejects.toThrow(
      /both sign in as/,
    );
    const superuser = withDatabase(server, new URL(urls.ownerUrl).pathname.slice(1));
    await expect(openDatabase({ url: superuser, ownerUrl: urls.ownerUrl, poolSize: 1 })).rejects.toThrow(
      /is a superuser/,
    );
  });

  it('refuses to run while the runtime role owns the tables, and runs after the README’s REASSIGN OWNED', async () => {
    const urls = await emptyDatabase(roles!.runtime);
    // Until now one role, the console's, migrated and owned everything, pg-boss's schema included.
    const before = await open({ url: urls.runtimeUrl, poolSize: 1 });
    await before.db.insert(auditLog).values({ actorKind: 'system', action: 'test.one_role', entityType: 'test' });
    await before.close();
    await installJobSchema(urls.runtimeUrl);
    await expect(openDatabase({ url: urls.runtimeUrl, ownerUrl: urls.ownerUrl, poolSize: 1 })).rejects.toThrow(
      new RegExp(`REASSIGN OWNED BY ${roles!.runtime} TO ${roles!.owner}`),
    );

    const admin = new pg.Client({ connectionString: withDatabase(server, new URL(urls.ownerUrl).pathname.slice(1)) });
    await admin.connect();
    try {
      const q = pg.escapeIdentifier;
      await admin.query(`reassign owned by ${q(roles!.runtime)} to ${q(roles!.owner)}`);
    } finally {
      await admin.end();
    }
    const after = await open({ url: urls.runtimeUrl, ownerUrl: urls.ownerUrl, poolSize: 2 });
    const [me] = await rowsOf<{ owns: number; owns_db: boolean; kept: number }>(
      after,
      sql`select (select count(*)::int from pg_class where relowner = (select oid from pg_roles where rolname = current_user)) as owns,
            (select pg_has_role(current_user, datdba, 'MEMBER') from pg_database where datname = current_database()) as owns_db,
            (select count(*)::int from audit_log where action = 'test.one_role') as kept`,
    );
    expect(me).toEqual({ owns: 0, owns_db: false, kept: 1 });
    expect(await denied(after, 'alter table audit_log disable trigger all')).toMatch(/must be owner/);
    expect(await denied(after, 'delete from audit_log')).toMatch(/permission denied for table audit_log/);
  });
});

describe.runIf(TEST_DB_KIND === 'pglite')('the embedded database (PGlite)', () => {
  it('has one role, which migrates at start', async () => {
    const embedded = await openDatabase({ dataDir: 'memory://' });
    try {
      expect(embedded.ownerRole).toBeUndefined();
      const [row] = await rowsOf<{ n: number }>(embedded, sql`select count(*)::int as n from audit_log`);
      expect(row?.n).toBe(0);
    } finally {
      await embedded.close();
    }
  });
});
