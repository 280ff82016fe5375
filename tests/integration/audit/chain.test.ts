import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DbOrTx } from '@/db/connect';
import { auditRowHash, GENESIS_HASH } from '@/lib/audit/chain';
import { recordAudit } from '@/lib/audit/record';
import { seqRangeOfTimes, verifyAuditChain } from '@/lib/audit/verify-chain';
import { testDatabaseForFile } from '../../support/harness';
import { asSuperuserThenUndo, chainRows, normalActivity, tamperThenUndo } from './helpers';

/**
 * The audit log's hash chain (migration 0008, lib/audit/verify-chain.ts): valid after what the
 * console does, and broken — naming the row — by what a superuser can do behind its back. Each
 * tampering is checked inside the superuser's transaction and then rolled back.
 */
const database = testDatabaseForFile();
beforeAll(() => normalActivity(database));

async function rowAt(db: DbOrTx, seq: number) {
  const row = (await chainRows(db)).find((r) => Number(r.seq) === seq);
  if (!row) throw new Error(`no row with seq ${seq}`);
  return row;
}

describe('the audit hash chain', () => {
  it('links every row the console writes, 1, 2, 3 … from the genesis, and verifies', async () => {
    const rows = await chainRows(database.db);

    expect(rows.length).toBeGreaterThanOrEqual(8);
    expect(rows.map((r) => Number(r.seq))).toEqual(rows.map((_, i) => i + 1));
    expect(rows[0]!.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prevHash).toBe(rows[i - 1]!.hash);
    const report = await verifyAuditChain(database.db, {}, { batchSize: 3 });
    expect(report).toMatchObject({ rows: rows.length, firstSeq: 1, problemCount: 0, problems: [] });
    expect(report.last).toEqual({ seq: rows.length, hash: rows.at(-1)!.hash });
  });

  it('chains the row as stored, after any other BEFORE INSERT trigger has changed it', async () => {
    const report = await asSuperuserThenUndo(database, async (tx) => {
      // Like the demo seed's story clock (scripts/demo/story-clock.ts), which moves `at`.
      await tx.execute(sql`create function test_move_at() returns trigger language plpgsql as $$
        begin new.at := '2025-01-02 03:04:05.678901+00'; return new; end $$`);
      await tx.execute(
        sql`create trigger demo_test_move_at before insert on audit_log for each row execute function test_move_at()`,
      );
      await recordAudit(tx, { kind: 'system' }, { action: 'test.moved', entityType: 't' });
      return verifyAuditChain(tx);
    });

    expect(report.problemCount).toBe(0);
  });

  it('writes the chain over any values the writer offers', async () => {
    const before = await chainRows(database.db);
    const offered = await asSuperuserThenUndo(database, async (tx) => {
      await tx.execute(sql`insert into audit_log (actor_kind, action, entity_type, seq, prev_hash, hash)
          values ('system', 'test.offered', 't', 1, ${GENESIS_HASH}, ${'f'.repeat(64)})`);
      return { row: (await chainRows(tx)).at(-1)!, report: await verifyAuditChain(tx) };
    });

    expect(Number(offered.row.seq)).toBe(before.length + 1);
    expect(offered.row.prevHash).toBe(before.at(-1)!.hash);
    expect(offered.report.problemCount).toBe(0);
  });

  it('names the row a superuser changed: content hash mismatch', async () => {
    const target = await rowAt(database.db, 4);
    const report = await tamperThenUndo(
      database,
      (tx) => tx.execute(sql`update audit_log set action = 'auth.nothing_to_see' where seq = 4`),
      (tx) => verifyAuditChain(tx),
    );

    expect(report.problemCount).toBe(1);
    expect(report.problems[0]).toMatchObject({
      kind: 'content_hash_mismatch',
      seq: 4,
      id: target.id,
      found: target.hash,
    });
  });

  it('notices a time moved by one microsecond', async () => {
    const last = (await chainRows(database.db)).at(-1)!;
    const report = await tamperThenUndo(
      database,
      (tx) => tx.execute(sql`update audit_log set at = at + interval '1 microsecond' where id = ${last.id}::bigint`),
      (tx) => verifyAuditChain(tx),
    );

    expect(report.problems).toEqual([expect.objectContaining({ kind: 'content_hash_mismatch', id: last.id })]);
  });

  it('names the next row when a superuser also rehashes the row they changed: prev link mismatch', async () => {
    const next = await rowAt(database.db, 4);
    const report = await tamperThenUndo(
      database,
      async (tx) => {
        await tx.execute(sql`update audit_log set data = '{"forged": true}' where seq = 3`);
        await tx.execute(sql`update audit_log set hash = audit_log_row_hash(audit_log) where seq = 3`);
      },
      (tx) => verifyAuditChain(tx),
    );

    expect(report.problems).toEqual([expect.objectContaining({ kind: 'prev_link_mismatch', seq: 4, id: next.id })]);
  });

  it('names the gap a superuser left by deleting a row', async () => {
    const after = await rowAt(database.db, 6);
    const report = await tamperThenUndo(
      database,
      (tx) => tx.execute(sql`delete from audit_log where seq = 5`),
      (tx) => verifyAuditChain(tx),
    );

    expect(report.problems).toEqual([
      expect.objectContaining({ kind: 'seq_gap', seq: 6, id: after.id, expected: '5', found: '6' }),
    ]);
  });

  it('cannot see the last rows deleted — but a checkpoint noted earlier can', async () => {
    const head = (await verifyAuditChain(database.db)).last!;
    const [plain, checked] = await tamperThenUndo(
      database,
      (tx) => tx.execute(sql`delete from audit_log where seq >= ${head.seq - 1}`),
      async (tx) => [await verifyAuditChain(tx), await verifyAuditChain(tx, {}, { checkpoint: head })],
    );

    expect(plain!.problemCount).toBe(0);
    expect(checked!.problems).toEqual([
      expect.objectContaining({ kind: 'checkpoint_mismatch', seq: head.seq, expected: head.hash, found: undefined }),
    ]);
  });

  it('detects a row slipped in out of order with forged values: seq repeated, then the link after it', async () => {
    const [before, original, next] = [
      await rowAt(database.db, 2),
      await rowAt(database.db, 3),
      await rowAt(database.db, 4),
    ];
    // The forger gives the row seq 3, links it to row 2 and hashes it right — and has to drop the
    // unique index on seq to get it in.
    const id = '900000';
    const hash = auditRowHash({
      seq: '3',
      id,
      at: '2026-01-01T00:00:00.000000Z',
      actorKind: 'system',
      actorStaffId: null,
      action: 'auth.signed_in',
      entityType: 'staff_user',
      entityId: null,
      orderId: null,
      storeId: null,
      ip: null,
      userAgent: null,
      before: null,
      after: null,
      data: null,
      prevHash: before.hash,
    });
    const report = await tamperThenUndo(
      database,
      async (tx) => {
        await tx.execute(sql`drop index audit_log_seq_key`);
        await tx.execute(sql`insert into audit_log (id, seq, at, actor_kind, action, entity_type, prev_hash, hash)
          values (${id}, 3, '2026-01-01 00:00:00+00', 'system', 'auth.signed_in', 'staff_user', ${before.hash}, ${hash})`);
      },
      (tx) => verifyAuditChain(tx),
    );

    expect(report.problems).toEqual([
      expect.objectContaining({ kind: 'seq_repeated', seq: 3, id, expected: original.id }),
      expect.objectContaining({ kind: 'prev_link_mismatch', seq: 4, id: next.id, expected: hash }),
    ]);
  });

  it('detects a row appended behind the chain with a made-up link, and a row with no chain values', async () => {
    const count = (await chainRows(database.db)).length;
    const report = await tamperThenUndo(
      database,
      async (tx) => {
        await tx.execute(sql`insert into audit_log (seq, actor_kind, action, entity_type, prev_hash, hash)
          values (${count + 1}, 'system', 'test.appended', 't', ${'a'.repeat(64)}, ${'b'.repeat(64)})`);
        await tx.execute(sql`alter table audit_log drop constraint audit_log_chained`);
        await tx.execute(
          sql`insert into audit_log (actor_kind, action, entity_type) values ('system', 'test.bare', 't')`,
        );
      },
      (tx) => verifyAuditChain(tx),
    );

    expect(report.problems.map((p) => [p.kind, p.seq])).toEqual([
      ['prev_link_mismatch', count + 1],
      ['content_hash_mismatch', count + 1],
      ['unchained', null],
    ]);
  });

  it('verifies a range by seq, including the link into its first row, and a range of time', async () => {
    const reports = await tamperThenUndo(
      database,
      (tx) => tx.execute(sql`delete from audit_log where seq = 5`),
      async (tx) => ({
        before: await verifyAuditChain(tx, { fromSeq: 1, toSeq: 4 }),
        after: await verifyAuditChain(tx, { fromSeq: 7 }),
        into: await verifyAuditChain(tx, { fromSeq: 6, toSeq: 7 }),
      }),
    );
    const range = await seqRangeOfTimes(database.db, {
      from: new Date('2026-03-01T00:00:00Z'),
      to: new Date('2026-03-02T00:00:00Z'),
    });
    const [micro] = (
      (await database.db.execute(
        sql`select seq::int as seq from audit_log where action = 'test.microseconds'`,
      )) as unknown as {
        rows: Array<{ seq: number }>;
      }
    ).rows;

    expect(reports.before.problemCount).toBe(0);
    expect(reports.after.problemCount).toBe(0);
    expect(reports.into.problems).toEqual([expect.objectContaining({ kind: 'seq_gap', seq: 6, expected: '5' })]);
    expect(range).toEqual({ fromSeq: micro!.seq, toSeq: micro!.seq });
  });
});
