import 'server-only';
import { and, asc, desc, eq, gte, lt, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '@/db/connect';
import { auditLog, orders, refunds, staffUsers, stores } from '@/db/schema';
import { type StoreScope, storeCondition } from '@/lib/auth/scope';
import { type KeysetPage, keysetList } from '@/lib/finance/keyset';
import { hkDateTimeText } from '@/lib/finance/sql-time';
import { hkDayRange } from '@/lib/time/hk';
import type { AuditFilter } from './audit-filter';

const AUDIT_PAGE_SIZE = 50;

/** The staff account a row is about (staff and sign-in rows), beside the one who acted. */
const subjectStaff = alias(staffUsers, 'subject_staff');

/**
 * The row's entity id as a uuid when the row is about that kind of record, else null — a primary
 * key lookup per row, and never a cast of an id that is not a uuid (a terminal id, a setting).
 */
const entityUuid = (entityType: string) =>
  sql`case when ${auditLog.entityType} = ${entityType} and ${auditLog.entityId} ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then ${auditLog.entityId}::uuid end`;

const auditRowColumns = {
  id: auditLog.id,
  at: auditLog.at,
  atHk: hkDateTimeText(auditLog.at),
  actorKind: auditLog.actorKind,
  actorStaffId: auditLog.actorStaffId,
  actorName: staffUsers.name,
  actorEmail: staffUsers.email,
  action: auditLog.action,
  entityType: auditLog.entityType,
  entityId: auditLog.entityId,
  orderId: auditLog.orderId,
  outTradeNo: orders.outTradeNo,
  orderAmountCents: orders.amountCents,
  orderCurrency: orders.currency,
  orderWallet: orders.wallet,
  refundNo: refunds.refundNo,
  subjectName: subjectStaff.name,
  subjectEmail: subjectStaff.email,
  storeId: auditLog.storeId,
  storeCode: stores.code,
  ip: auditLog.ip,
  userAgent: auditLog.userAgent,
  // The hashed fields exactly as the database prints them — `at` in UTC to the microsecond, jsonb
  // as its stored text — so that the export lets an auditor recompute each row's hash
  // (docs/audit-verification.md). The page gets the jsonb parsed (`pageRow`).
  atUtc: sql<string>`to_char(${auditLog.at} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
  beforeText: sql<string | null>`${auditLog.before}::text`,
  afterText: sql<string | null>`${auditLog.after}::text`,
  dataText: sql<string | null>`${auditLog.data}::text`,
  seq: auditLog.seq,
  prevHash: auditLog.prevHash,
  hash: auditLog.hash,
};

/** A row of the export: the page's fields, the hash chain, and the hashed fields as text. */
export type AuditExportRow = Awaited<ReturnType<typeof listAuditRows>>[number];

const parseJson = (text: string | null): unknown => (text === null ? null : JSON.parse(text));

/** The page's row: jsonb parsed (as the driver would have), no chain values. */
function pageRow({ atUtc, beforeText, afterText, dataText, seq, prevHash, hash, ...row }: AuditExportRow) {
  return { ...row, before: parseJson(beforeText), after: parseJson(afterText), data: parseJson(dataText) };
}

export type AuditRow = ReturnType<typeof pageRow>;

/**
 * Audit rows the caller may see that match the filter. Audit rows carry the store they concern;
 * a store-scoped caller (should one ever hold `audit.view`) sees only those stores' rows.
 */
function auditConditions(scope: StoreScope, filter: AuditFilter): SQL {
  const { from, to } = hkDayRange(filter.from, filter.to);
  return and(
    storeCondition(scope, auditLog.storeId),
    from ? gte(auditLog.at, from) : undefined,
    to ? lt(auditLog.at, to) : undefined,
    actorCondition(filter.actor),
    filter.action ? eq(auditLog.action, filter.action) : undefined,
  )!;
}

function actorCondition(actor: AuditFilter['actor']): SQL | undefined {
  if (!actor) return undefined;
  if (actor === 'eftpay' || actor === 'system') return eq(auditLog.actorKind, actor);
  // Any staff member: the rows the Who column shows as a person's (recordAudit gives a staff id to
  // those rows only). By kind, as eftPay and the system are, so that with an event each is one
  // range of an index on (actor_kind, action, at, id) rather than every row of the event.
  if (actor === 'staff') return eq(auditLog.actorKind, 'staff');
  return eq(auditLog.actorStaffId, actor);
}

/** Keyset on (at, id), newest first; the cursor is the id, its `at` is read back exactly. */
function olderThan(id: string): SQL {
  return sql`(${auditLog.at}, ${auditLog.id}) < ((select c.at from audit_log c where c.id = ${id}::bigint), ${id}::bigint)`;
}

function newerThan(id: string): SQL {
  return sql`(${auditLog.at}, ${auditLog.id}) > ((select c.at from audit_log c where c.id = ${id}::bigint), ${id}::bigint)`;
}

function auditFrom(db: DbOrTx) {
  return db
    .select(auditRowColumns)
    .from(auditLog)
    .leftJoin(staffUsers, eq(staffUsers.id, auditLog.actorStaffId))
    .leftJoin(orders, eq(orders.id, auditLog.orderId))
    .leftJoin(refunds, sql`${refunds.id} = ${entityUuid('refund')}`)
    .leftJoin(subjectStaff, sql`${subjectStaff.id} = ${entityUuid('staff_user')}`)
    .leftJoin(stores, eq(stores.id, auditLog.storeId));
}

/** Up to `limit` matching rows within `position`, sorted by `order` on (at, id). */
function auditRead(db: DbOrTx, scope: StoreScope, filter: AuditFilter) {
  return (position: SQL | undefined, order: typeof desc, limit: number) =>
    auditFrom(db)
      .where(and(auditConditions(scope, filter), position))
      .orderBy(order(auditLog.at), order(auditLog.id))
      .limit(limit);
}

/** The audit rows the caller may see that match the filter, as a keyset list newest first. */
function auditList(db: DbOrTx, scope: StoreScope, filter: AuditFilter) {
  return keysetList({ read: auditRead(db, scope, filter), olderThan, newerThan, cursorOf: (row) => String(row.id) });
}

/** One batch of the export, newest first, optionally after the audit row `after`. */
export function listAuditRows(
  db: DbOrTx,
  scope: StoreScope,
  filter: AuditFilter,
  { after, limit }: { after?: string; limit: number },
) {
  return auditList(db, scope, filter).batch(after, limit);
}

export type AuditPage = KeysetPage<AuditRow>;

interface AuditPageRequest {
  after?: string;
  before?: string;
  limit?: number;
}

/** A page of the audit log by keyset: `after` goes to older rows, `before` back to newer ones. */
export async function listAudit(
  db: DbOrTx,
  scope: StoreScope,
  filter: AuditFilter,
  { after, before, limit = AUDIT_PAGE_SIZE }: AuditPageRequest = {},
): Promise<AuditPage> {
  const page = await auditList(db, scope, filter).page({ after, before, limit });
  return { ...page, rows: page.rows.map(pageRow) };
}

/**
 * The one statement `listAudit` sends for that page (the keyset list reads one row more than it
 * shows), unexecuted — for benchmarks that compare it sent raw (`.toSQL()`) and its plan.
 */
export function listAuditQuery(
  db: DbOrTx,
  scope: StoreScope,
  filter: AuditFilter,
  { after, before, limit = AUDIT_PAGE_SIZE }: AuditPageRequest = {},
) {
  const read = auditRead(db, scope, filter);
  return before ? read(newerThan(before), asc, limit + 1) : read(after ? olderThan(after) : undefined, desc, limit + 1);
}
