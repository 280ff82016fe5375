import 'server-only';
import { createHash } from 'node:crypto';

/**
 * The audit log's hash chain, recomputed away from the database that wrote it (migration 0008
 * computes it there, in SQL; docs/audit-verification.md states the same rules for an auditor).
 * This is a second, independent implementation on purpose: a verifier that asked the database to
 * hash would trust the very functions a superuser can replace.
 */

/** The `prev_hash` of the first row. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * A row's hashed fields as text, exactly as the database prints them (and as the audit CSV
 * carries them): `at` in UTC to the microsecond (`2026-12-01T13:05:00.123456Z`), ids as
 * lowercase uuids, jsonb as the database's text of the stored value. Null and '' hash alike.
 */
export interface ChainFields {
  seq: string;
  id: string;
  at: string;
  actorKind: string;
  actorStaffId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  orderId: string | null;
  storeId: string | null;
  ip: string | null;
  userAgent: string | null;
  before: string | null;
  after: string | null;
  data: string | null;
  prevHash: string;
}

/** The order of the fields in the canonical text — the column order of migration 0008. */
export const CHAIN_FIELD_ORDER = [
  'seq',
  'id',
  'at',
  'actorKind',
  'actorStaffId',
  'action',
  'entityType',
  'entityId',
  'orderId',
  'storeId',
  'ip',
  'userAgent',
  'before',
  'after',
  'data',
  'prevHash',
] as const satisfies ReadonlyArray<keyof ChainFields>;

/** Each field as `<UTF-8 byte length>:<text>\n`, so that no choice of texts can read as another. */
export function canonicalAuditText(fields: ChainFields): string {
  let text = '';
  for (const name of CHAIN_FIELD_ORDER) {
    const value = fields[name] ?? '';
    text += `${Buffer.byteLength(value, 'utf8')}:${value}\n`;
  }
  return text;
}

export function auditRowHash(fields: ChainFields): string {
  return createHash('sha256').update(canonicalAuditText(fields), 'utf8').digest('hex');
}

/** What can be wrong with a row of the chain, in the order they are checked. */
export type ChainProblemKind =
  /** `seq` is not the one after the previous row's: rows are missing before this one. */
  | 'seq_gap'
  /** `seq` is another row's too (`expected`: that row's id): one of them was slipped in. */
  | 'seq_repeated'
  /** `prev_hash` is not the previous row's `hash`. */
  | 'prev_link_mismatch'
  /** `hash` is not the hash of the row's content: the row was changed. */
  | 'content_hash_mismatch'
  /** The row has no chain values at all. */
  | 'unchained'
  /** A CSV row whose chain cells cannot be read (a seq that is not a number, cells missing). */
  | 'malformed_row'
  /** A CSV row whose Hong Kong time is not its `at_utc`: the shown time was edited. */
  | 'shown_time_mismatch'
  /** A row noted earlier (its seq and hash) is gone or holds another hash: the chain was rewritten. */
  | 'checkpoint_mismatch';

export interface ChainProblem {
  kind: ChainProblemKind;
  seq: number | null;
  /** The row's id ('' when there is no row to name). */
  id: string;
  /** What the check expected (a seq or a hash) and what the row holds. */
  expected?: string;
  found?: string;
  /** The row's place in a CSV file (1 = the first row after the header). */
  fileRow?: number;
}

/**
 * Checks one row against the one before it in `seq` order: its position (no gap, no repeat), its
 * link (only when the row before really is its predecessor) and, always, its content hash.
 */
export function checkChainRow(
  row: ChainFields & { hash: string | null },
  previous: { seq: number; hash: string; id?: string },
): ChainProblem[] {
  const seq = Number(row.seq);
  const at = { seq, id: row.id };
  const problems: ChainProblem[] = [];
  if (seq === previous.seq) problems.push({ kind: 'seq_repeated', ...at, expected: previous.id });
  else if (seq !== previous.seq + 1) {
    problems.push({ kind: 'seq_gap', ...at, expected: String(previous.seq + 1), found: row.seq });
  } else if (row.prevHash !== previous.hash) {
    problems.push({ kind: 'prev_link_mismatch', ...at, expected: previous.hash, found: row.prevHash });
  }
  const recomputed = auditRowHash(row);
  if (row.hash !== recomputed) {
    problems.push({ kind: 'content_hash_mismatch', ...at, expected: recomputed, found: row.hash ?? '' });
  }
  return problems;
}
