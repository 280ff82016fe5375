import 'server-only';
import { and, desc, eq, type SQL, sql } from 'drizzle-orm';
import { type AnyPgColumn, alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '@/db/connect';
import { refunds, staffUsers, stores } from '@/db/schema';
import type { StoreScope } from '@/lib/auth/scope';
import { olderThan, refundConditions } from './refund-conditions';
import type { RefundFilter, RefundReason, RefundStatus } from './refund-filter';
import { hkDateTimeText } from './sql-time';

/** One refund as the CSV needs it: plain text and integers, times already in Hong Kong time. */
export interface RefundExportRow {
  id: string;
  requestedAtHk: string;
  completedAtHk: string | null;
  storeCode: string | null;
  storeName: string | null;
  outTradeNo: string;
  eftpayTradeNo: string | null;
  refundNo: string;
  wallet: string;
  currency: string;
  amountCents: number;
  reason: RefundReason;
  note: string | null;
  staffName: string | null;
  staffEmail: string | null;
  /** The second person who approved it, for a refund above the approval threshold. */
  approverName: string | null;
  approvedAtHk: string | null;
  status: RefundStatus;
  gatewayStatus: string | null;
  gatewayMessage: string | null;
}

/** The approving staff member: a second join of staff_users. */
export const approvers = alias(staffUsers, 'approver');

const as = (expression: SQL | AnyPgColumn, alias: keyof RefundExportRow) => sql`${expression}`.as(alias);

// Every field aliased to its row key, so the driver's rows are the export rows as they come.
const exportFields = {
  id: as(refunds.id, 'id'),
  requestedAtHk: as(hkDateTimeText(refunds.requestedAt), 'requestedAtHk'),
  completedAtHk: as(hkDateTimeText(refunds.completedAt), 'completedAtHk'),
  storeCode: as(stores.code, 'storeCode'),
  storeName: as(stores.name, 'storeName'),
  outTradeNo: as(refunds.outTradeNo, 'outTradeNo'),
  eftpayTradeNo: as(refunds.eftpayTradeNo, 'eftpayTradeNo'),
  refundNo: as(refunds.refundNo, 'refundNo'),
  wallet: as(refunds.wallet, 'wallet'),
  currency: as(refunds.currency, 'currency'),
  amountCents: as(refunds.amountCents, 'amountCents'),
  reason: as(refunds.reason, 'reason'),
  note: as(refunds.note, 'note'),
  staffName: as(staffUsers.name, 'staffName'),
  staffEmail: as(staffUsers.email, 'staffEmail'),
  approverName: as(approvers.name, 'approverName'),
  approvedAtHk: as(hkDateTimeText(refunds.approvedAt), 'approvedAtHk'),
  status: as(refunds.status, 'status'),
  gatewayStatus: as(refunds.gatewayStatus, 'gatewayStatus'),
  gatewayMessage: as(refunds.gatewayMessage, 'gatewayMessage'),
};

/**
 * One batch of the export, in the list's order (requested_at desc, id desc) and under the list's
 * conditions and scope. The order's numbers come with the refund (migration 0014): a million rows
 * are a walk of one index, not a million lookups among ten million orders. Read with `execute`: the rows arrive as the driver makes them, without
 * Drizzle's per-row mapping — half the CPU per row at a million rows. Both drivers (PGlite,
 * node-postgres) answer `{ rows }`, and every field here is text or int4, which both return as
 * string / number.
 */
export async function exportRefundRows(
  db: DbOrTx,
  scope: StoreScope,
  filter: RefundFilter,
  { after, limit }: { after?: string; limit: number },
): Promise<RefundExportRow[]> {
  const query = db
    .select(exportFields)
    .from(refunds)
    .leftJoin(stores, eq(stores.id, refunds.storeId))
    .leftJoin(staffUsers, eq(staffUsers.id, refunds.requestedBy))
    .leftJoin(approvers, eq(approvers.id, refunds.approvedBy))
    .where(and(refundConditions(scope, filter), after ? olderThan(after) : undefined))
    .orderBy(desc(refunds.requestedAt), desc(refunds.id))
    .limit(limit);
  const result = (await db.execute(query)) as unknown as { rows: RefundExportRow[] };
  return result.rows;
}
