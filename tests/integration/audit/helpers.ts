import { sql } from 'drizzle-orm';
import { connect, type Database, type DbOrTx } from '@/db/connect';
import { type AuditActor, recordAudit } from '@/lib/audit/record';
import { signIn } from '@/lib/auth/sign-in';
import { changeStaffRole } from '@/lib/staff/change-role';
import { requireServerUrl, withDatabase } from '../../support/db';
import { makeStaff, makeStore, TEST_PASSWORD } from '../../support/fixtures';

/** The chain's columns of every row, in chain order. */
export async function chainRows(db: DbOrTx) {
  const result = (await db.execute(
    sql`select a.id::text as id, a.seq::text as seq, a.prev_hash as "prevHash", a.hash from audit_log a
        order by a.seq, a.id`,
  )) as unknown as { rows: Array<{ id: string; seq: string; prevHash: string; hash: string }> };
  return result.rows;
}

class RolledBack extends Error {}

/**
 * Runs `fn` in a transaction as the database's superuser — on Postgres the test server's own,
 * whatever role the test database is otherwise used with; PGlite has only that one. With `undo`,
 * the transaction is rolled back: whatever `fn` did, and checked, is undone, so one database
 * serves every test of a file.
 */
export async function asSuperuser<T>(
  database: Database & { url?: string },
  fn: (tx: DbOrTx) => Promise<T>,
  { undo }: { undo: boolean },
): Promise<T> {
  const run = async (db: Database['db']) => {
    let result: T | undefined;
    await db
      .transaction(async (tx) => {
        result = await fn(tx);
        if (undo) throw new RolledBack();
      })
      .catch((error: unknown) => {
        if (!(error instanceof RolledBack)) throw error;
      });
    return result as T;
  };
  if (database.kind === 'pglite') return run(database.db);
  const name = new URL(database.url!).pathname.slice(1);
  const superuser = await connect({ url: withDatabase(requireServerUrl(), name), poolSize: 1 });
  try {
    return await run(superuser.db);
  } finally {
    await superuser.close();
  }
}

export const asSuperuserThenUndo = <T>(database: Database & { url?: string }, fn: (tx: DbOrTx) => Promise<T>) =>
  asSuperuser(database, fn, { undo: true });

/**
 * `change` made as the superuser with every trigger off (session_replication_role = replica: the
 * append-only guard, the chain's trigger and the foreign keys) — what someone with the keys to the
 * database can do to the log behind the console's back — and committed.
 */
export function tamper(database: Database & { url?: string }, change: (tx: DbOrTx) => Promise<unknown>) {
  return asSuperuser(
    database,
    async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await change(tx);
    },
    { undo: false },
  );
}

/** The same tampering, then `check` on the result, then undone. */
export function tamperThenUndo<T>(
  database: Database & { url?: string },
  change: (tx: DbOrTx) => Promise<unknown>,
  check: (tx: DbOrTx) => Promise<T>,
): Promise<T> {
  return asSuperuserThenUndo(database, async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    await change(tx);
    await tx.execute(sql`set local session_replication_role = origin`);
    return check(tx);
  });
}

const SYSTEM_ACTOR: AuditActor = { kind: 'system' };

/**
 * A little of everything the console writes: staff created and promoted, a sign-in, and rows
 * whose content is awkward to hash — every kind of JSON value, text that needs escaping or that
 * a spreadsheet would take for a formula, a time to the microsecond.
 */
export async function normalActivity(database: Database): Promise<void> {
  const db = database.db;
  const store = await makeStore(db);
  const admin = await makeStaff(db, 'admin');
  const manager = await makeStaff(db, 'manager', [store.id]);
  await signIn(
    db,
    { email: manager.email, password: TEST_PASSWORD },
    { ip: '203.0.113.7', userAgent: 'Mozilla/5.0, "x"' },
  );
  await signIn(db, { email: manager.email, password: 'wrong password!' }, { ip: '203.0.113.7', userAgent: null });
  await changeStaffRole({ ctx: { db, actor: admin }, input: { staffId: manager.staffId, role: 'supervisor' } });
  // Past seq 9 and id 9, where ordering by text would go wrong.
  for (let i = 0; i < 6; i++) {
    await db.transaction((tx) =>
      recordAudit(tx, admin, { action: 'test.routine', entityType: 'test', entityId: `${i}` }),
    );
  }
  await db.transaction(async (tx) => {
    await recordAudit(tx, admin, {
      action: 'test.awkward',
      entityType: 'test',
      entityId: '=HYPERLINK("x")',
      storeId: store.id,
      before: -5,
      after: [1, 'two', null, { ключ: '值' }, true, 1.5e-7, 1e21, 12.5, -0.25],
      data: {
        note: '退款 "x",\ny\t\u0001',
        empty: {},
        list: [],
        nested: { z: 1, a: [2, { b: null }] },
        '': 'empty key',
      },
    });
    await recordAudit(tx, SYSTEM_ACTOR, { action: 'test.nothing', entityType: 'test' });
  });
  // A time the database keeps to the microsecond, which a JavaScript Date would round; JSON's own
  // null beside SQL's.
  await db.execute(
    sql`insert into audit_log (at, actor_kind, action, entity_type, ip, before, data)
        values ('2026-03-01 12:00:00.123456+00', 'eftpay', 'test.microseconds', 'test', '+852', 'null', '"-1"')`,
  );
}
