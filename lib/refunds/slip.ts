import 'server-only';
import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/connect';
import { orders, refunds, staffUsers, stores } from '@/db/schema';
import { type StoreScope, storeCondition } from '@/lib/auth/scope';
import { NotFoundError } from '@/lib/errors';
import { isUuid } from '@/lib/orders/cursor';
import type { RefundReason } from '@/lib/shared/refund-reasons';
import type { RefundStatus } from '@/lib/shared/statuses';
import type { Wallet } from '@/lib/shared/wallets';

/** What a printed refund slip shows: plain and serialisable, no bookkeeping fields. */
export interface RefundSlip {
  refundId: string;
  refundNo: string;
  orderId: string;
  outTradeNo: string;
  storeCode: string | null;
  storeName: string | null;
  amountCents: number;
  currency: string;
  wallet: Wallet;
  reason: RefundReason;
  status: RefundStatus;
  /** The staff member who asked for the refund; null if the account is gone or it was not staff. */
  staffName: string | null;
  requestedAt: string;
  completedAt: string | null;
}

/**
 * One refund's slip, in one round trip. The refund is reached through its order, whose store is
 * the scope: a refund of another store's order is NotFound, exactly like an id that does not exist
 * (or is not an id at all) — nothing confirms that another store's refund exists.
 */
export async function getRefundSlip(db: DbOrTx, scope: StoreScope, refundId: string): Promise<RefundSlip> {
  if (!isUuid(refundId)) throw new NotFoundError();
  const [row] = await db
    .select({
      refundId: refunds.id,
      refundNo: refunds.refundNo,
      orderId: orders.id,
      outTradeNo: orders.outTradeNo,
      storeCode: stores.code,
      storeName: stores.name,
      amountCents: refunds.amountCents,
      currency: orders.currency,
      wallet: orders.wallet,
      reason: refunds.reason,
      status: refunds.status,
      staffName: staffUsers.name,
      requestedAt: refunds.requestedAt,
      completedAt: refunds.completedAt,
    })
    .from(refunds)
    .innerJoin(orders, eq(orders.id, refunds.orderId))
    .leftJoin(stores, eq(stores.id, orders.storeId))
    .leftJoin(staffUsers, eq(staffUsers.id, refunds.requestedBy))
    .where(and(eq(refunds.id, refundId), storeCondition(scope, orders.storeId)));
  if (!row) throw new NotFoundError();
  return {
    ...row,
    requestedAt: row.requestedAt.toISOString(),
    completedAt: row.completedAt?.toISOString() ?? null,
  };
}
