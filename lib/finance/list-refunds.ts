import 'server-only';
import { and, asc, desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/connect';
import { orders, refunds, staffUsers, stores } from '@/db/schema';
import type { StoreScope } from '@/lib/auth/scope';
import { newerThan, olderThan, refundConditions } from './refund-conditions';
import type { RefundFilter } from './refund-filter';

const REFUND_PAGE_SIZE = 50;

/** One row of the refund history: the refund, its order and store, and who asked for it. */
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
};

/** Refunds with their order, store and staff member (the export reads the same join: export-rows.ts). */
function refundHistoryFrom(db: DbOrTx) {
  return db
    .select(refundHistoryColumns)
    .from(refunds)
    .innerJoin(orders, eq(orders.id, refunds.orderId))
    .leftJoin(stores, eq(stores.id, orders.storeId))
    .leftJoin(staffUsers, eq(staffUsers.id, refunds.requestedBy));
}

export type RefundHistoryRow = Awaited<ReturnType<typeof listRefundRows>>[number];

/** One batch in list order (newest requested first), optionally after the refund `after`. */
function listRefundRows(
  db: DbOrTx,
  scope: StoreScope,
  filter: RefundFilter,
  { after, limit }: { after?: string; limit: number },
) {
  return refundHistoryFrom(db)
    .where(and(refundConditions(scope, filter), after ? olderThan(after) : undefined))
    .orderBy(desc(refunds.requestedAt), desc(refunds.id))
    .limit(limit);
}

export interface RefundPage {
  rows: RefundHistoryRow[];
  /** Cursor for the next (older) page, if there is one. */
  olderCursor: string | null;
  /** Cursor for the previous (newer) page, if there is one. */
  newerCursor: string | null;
}

/**
 * A page of the refund history by keyset (no OFFSET: page 1,000 costs what page 1 costs).
 * `after` continues towards older refunds, `before` goes back towards newer ones.
 */
export async function listRefunds(
  db: DbOrTx,
  scope: StoreScope,
  filter: RefundFilter,
  { after, before, limit = REFUND_PAGE_SIZE }: { after?: string; before?: string; limit?: number } = {},
): Promise<RefundPage> {
  if (before) {
    const newerFirst = await refundHistoryFrom(db)
      .where(and(refundConditions(scope, filter), newerThan(before)))
      .orderBy(asc(refunds.requestedAt), asc(refunds.id))
      .limit(limit + 1);
    const hasNewer = newerFirst.length > limit;
    const rows = newerFirst.slice(0, limit).reverse();
    return {
      rows,
      newerCursor: hasNewer && rows[0] ? rows[0].id : null,
      olderCursor: rows.at(-1)?.id ?? null,
    };
  }
  const batch = await listRefundRows(db, scope, filter, { after, limit: limit + 1 });
  const rows = batch.slice(0, limit);
  return {
    rows,
    newerCursor: after ? (rows[0]?.id ?? null) : null,
    olderCursor: batch.length > limit ? rows.at(-1)!.id : null,
  };
}
