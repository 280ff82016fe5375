import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/connect';
import { refunds, staffUsers, stores } from '@/db/schema';
import type { StoreScope } from '@/lib/auth/scope';
import type { Wallet } from '@/lib/shared/wallets';
import { approvers } from './export-rows';
import { type KeysetPage, keysetList } from './keyset';
import { newerThan, olderThan, refundConditions } from './refund-conditions';
import type { RefundFilter } from './refund-filter';

const REFUND_PAGE_SIZE = 50;

/** One row of the refund history: the refund, its order's numbers, its store, who asked for it and who approved it. */
const refundHistoryColumns = {
  id: refunds.id,
  orderId: refunds.orderId,
  refundNo: refunds.refundNo,
  amountCents: refunds.amountCents,
  reason: refunds.reason,
  note: refunds.note,
  status: refunds.status,
  gatewayStatus: refunds.gatewayStatus,
  gatewayMessage: refunds.gatewayMessage,
  requestedAt: refunds.requestedAt,
  completedAt: refunds.completedAt,
  // The order's, as the refund carries them (copied by the database, migrations 0012 and 0014).
  outTradeNo: sql<string>`${refunds.outTradeNo}`,
  eftpayTradeNo: refunds.eftpayTradeNo,
  wallet: sql<Wallet>`${refunds.wallet}`,
  currency: sql<string>`${refunds.currency}`,
  storeId: refunds.storeId,
  storeCode: stores.code,
  storeName: stores.name,
  staffName: staffUsers.name,
  staffEmail: staffUsers.email,
  approverName: approvers.name,
};

/** Refunds with their store and staff members (the export reads the same join: export-rows.ts). */
function refundHistoryFrom(db: DbOrTx) {
  return db
    .select(refundHistoryColumns)
    .from(refunds)
    .leftJoin(stores, eq(stores.id, refunds.storeId))
    .leftJoin(staffUsers, eq(staffUsers.id, refunds.requestedBy))
    .leftJoin(approvers, eq(approvers.id, refunds.approvedBy));
}

/** The refunds the caller may see that match the filter, as a keyset list newest requested first. */
function refundList(db: DbOrTx, scope: StoreScope, filter: RefundFilter) {
  return keysetList({
    read: (position, order, limit) =>
      refundHistoryFrom(db)
        .where(and(refundConditions(scope, filter), position))
        .orderBy(order(refunds.requestedAt), order(refunds.id))
        .limit(limit),
    olderThan,
    newerThan,
    cursorOf: (row) => row.id,
  });
}

export type RefundHistoryRow = Awaited<ReturnType<ReturnType<typeof refundList>['batch']>>[number];

export type RefundPage = KeysetPage<RefundHistoryRow>;

/** A page of the refund history by keyset: `after` goes to older refunds, `before` back to newer ones. */
export function listRefunds(
  db: DbOrTx,
  scope: StoreScope,
  filter: RefundFilter,
  { after, before, limit = REFUND_PAGE_SIZE }: { after?: string; before?: string; limit?: number } = {},
): Promise<RefundPage> {
  return refundList(db, scope, filter).page({ after, before, limit });
}
