import 'server-only';
import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/connect';
import { orders, refunds, staffUsers, stores } from '@/db/schema';
import type { StoreScope } from '@/lib/auth/scope';
import { approvers } from './export-rows';
import { type KeysetPage, keysetList } from './keyset';
import { newerThan, olderThan, refundConditions } from './refund-conditions';
import type { RefundFilter } from './refund-filter';

const REFUND_PAGE_SIZE = 50;

/** One row of the refund history: the refund, its order and store, who asked for it and who approved it. */
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
  outTradeNo: orders.outTradeNo,
  eftpayTradeNo: orders.eftpayTradeNo,
  wallet: orders.wallet,
  currency: orders.currency,
  storeId: orders.storeId,
  storeCode: stores.code,
  storeName: stores.name,
  staffName: staffUsers.name,
  staffEmail: staffUsers.email,
  approverName: approvers.name,
};

/** Refunds with their order, store and staff member (the export reads the same join: export-rows.ts). */
function refundHistoryFrom(db: DbOrTx) {
  return db
    .select(refundHistoryColumns)
    .from(refunds)
    .innerJoin(orders, eq(orders.id, refunds.orderId))
    .leftJoin(stores, eq(stores.id, orders.storeId))
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
