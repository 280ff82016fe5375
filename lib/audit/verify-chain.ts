import 'server-only';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/connect';
import { type ChainFields, type ChainProblem, checkChainRow, GENESIS_HASH } from './chain';

/**
 * Verifies the audit log's hash chain in the database (`npm run audit:verify`): every row's
 * content hash, its link to the row before, and that `seq` runs 1, 2, 3 … without gaps or
 * repeats. Rows are read in keyset pages by `seq`, so memory stays flat at any size.
 */

export interface ChainRange {
  /** First and last `seq` to check, inclusive; the whole chain when both are absent. */
  fromSeq?: number;
  toSeq?: number;
}

export interface ChainReport {
  rows: number;
  firstSeq: number | null;
  last: { seq: number; hash: string } | null;
  /** The first problems found, in chain order (up to `maxProblems`), and how many there were. */
  problems: ChainProblem[];
  problemCount: number;
}

export interface VerifyOptions {
  batchSize?: number;
  maxProblems?: number;
  /** A row noted earlier (`seq` and `hash` from an earlier report): it must still hold that hash. */
  checkpoint?: { seq: number; hash: string };
}

type ChainRow = ChainFields & { hash: string | null };

/** The hashed fields as the database prints them, the same text the export carries. */
const CHAIN_COLUMNS = sql.raw(`seq::text as "seq", id::text as "id",
  to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as "at",
  actor_kind::text as "actorKind", actor_staff_id::text as "actorStaffId", action as "action",
  entity_type as "entityType", entity_id as "entityId", order_id::text as "orderId",
  store_id::text as "storeId", ip as "ip", user_agent as "userAgent", before::text as "before",
  after::text as "after", data::text as "data", prev_hash as "prevHash", hash as "hash"`);

async function rowsOf<Row>(db: DbOrTx, query: ReturnType<typeof sql>): Promise<Row[]> {
  return ((await db.execute(query)) as unknown as { rows: Row[] }).rows;
}

/** The next rows in chain order after `after`; by (seq, id), so that a repeated seq is read too. */
function readBatch(db: DbOrTx, after: { seq: number; id: string }, toSeq: number | undefined, limit: number) {
  const upTo = toSeq === undefined ? sql`` : sql`and a.seq <= ${toSeq}`;
  return rowsOf<ChainRow>(
    db,
    // Ordered by the table's columns, not the text ones of the same names in the select list.
    sql`select ${CHAIN_COLUMNS} from audit_log a
        where a.seq >= ${after.seq} and (a.seq, a.id) > (${after.seq}, ${after.id}::bigint) ${upTo}
        order by a.seq, a.id limit ${limit}`,
  );
}

/** The stored link of the row at `seq` (the one before a range), or null when there is none. */
async function linkAt(db: DbOrTx, seq: number): Promise<{ seq: number; hash: string } | null> {
  const [row] = await rowsOf<{ hash: string | null }>(db, sql`select hash from audit_log where seq = ${seq} limit 1`);
  return row ? { seq, hash: row.hash ?? '' } : null;
}

/** Rows that are not part of the chain at all (only a forgery can be: migration 0008). */
async function unchainedRows(db: DbOrTx, limit: number): Promise<{ count: number; ids: string[] }> {
  const [counted] = await rowsOf<{ n: string }>(db, sql`select count(*)::text as n from audit_log where seq is null`);
  const count = Number(counted?.n ?? 0);
  if (count === 0) return { count, ids: [] };
  const ids = await rowsOf<{ id: string }>(
    db,
    sql`select a.id::text as id from audit_log a where a.seq is null order by a.id limit ${limit}`,
  );
  return { count, ids: ids.map((r) => r.id) };
}

/** The `seq` range of the rows written between two instants (`at`), to verify that stretch. */
export async function seqRangeOfTimes(db: DbOrTx, times: { from?: Date; to?: Date }): Promise<ChainRange | null> {
  const from = times.from ? sql`and at >= ${times.from.toISOString()}::timestamptz` : sql``;
  const to = times.to ? sql`and at < ${times.to.toISOString()}::timestamptz` : sql``;
  const [range] = await rowsOf<{ first: string | null; last: string | null }>(
    db,
    sql`select min(seq)::text as first, max(seq)::text as last from audit_log where true ${from} ${to}`,
  );
  if (!range?.first || !range.last) return null;
  return { fromSeq: Number(range.first), toSeq: Number(range.last) };
}

export async function verifyAuditChain(
  db: DbOrTx,
  range: ChainRange = {},
  { batchSize = 5_000, maxProblems = 20, checkpoint }: VerifyOptions = {},
): Promise<ChainReport> {
  const report: ChainReport = { rows: 0, firstSeq: null, last: null, problems: [], problemCount: 0 };
  const found = (problem: ChainProblem) => {
    report.problemCount += 1;
    if (report.problems.length < maxProblems) report.problems.push(problem);
  };
  const whole = range.fromSeq === undefined && range.toSeq === undefined;
  const fromSeq = Math.max(range.fromSeq ?? 1, 1);

  // The row before the range is where its first link points; without it, the range starts at a gap.
  let previous: { seq: number; hash: string; id?: string } | null =
    fromSeq === 1 ? { seq: 0, hash: GENESIS_HASH } : await linkAt(db, fromSeq - 1);
  let after = { seq: fromSeq - 1, id: String(Number.MAX_SAFE_INTEGER) };
  for (;;) {
    const batch = await readBatch(db, after, range.toSeq, batchSize);
    for (const row of batch) {
      const seq = Number(row.seq);
      if (report.firstSeq === null) report.firstSeq = seq;
      report.rows += 1;
      // No row before the range: as if the last one seen were two back, which reads as the gap it is.
      for (const problem of checkChainRow(row, previous ?? { seq: fromSeq - 2, hash: '' })) found(problem);
      previous = { seq, hash: row.hash ?? '', id: row.id };
    }
    const last = batch.at(-1);
    if (last) report.last = { seq: Number(last.seq), hash: last.hash ?? '' };
    if (batch.length < batchSize || !last) break;
    after = { seq: Number(last.seq), id: last.id };
  }

  if (whole) {
    const unchained = await unchainedRows(db, maxProblems);
    for (const id of unchained.ids) found({ kind: 'unchained', seq: null, id });
    report.problemCount += unchained.count - unchained.ids.length;
  }
  if (checkpoint) {
    const now = await linkAt(db, checkpoint.seq);
    if (now?.hash !== checkpoint.hash) {
      found({ kind: 'checkpoint_mismatch', seq: checkpoint.seq, id: '', expected: checkpoint.hash, found: now?.hash });
    }
  }
  return report;
}
