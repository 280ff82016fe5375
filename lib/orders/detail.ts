import 'server-only';
import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/connect';
import { auditLog, orders, refunds, staffUsers, stores } from '@/db/schema';
import { type StoreScope, storeCondition } from '@/lib/auth/scope';
import { NotFoundError } from '@/lib/errors';
import { isUuid } from './cursor';
import { type OrderView, type RefundView, type TimelineEntry, toOrderView, toRefundView } from './view';

export interface OrderDetail {
  order: OrderView;
  /** Oldest first. */
  refunds: RefundView[];
  /** Every audit row about the order, oldest first. */
  timeline: TimelineEntry[];
}

/**
 * One order with its refunds and timeline. An id outside the caller's stores is NotFound, the
 * same as an id that does not exist (or is not an id at all): nothing confirms another store's order.
 */
export async function getOrderDetail(db: DbOrTx, scope: StoreScope, id: string): Promise<OrderDetail> {
  if (!isUuid(id)) throw new NotFoundError('errors.not_found.order');
  const [found] = await db
    .select({ order: orders, storeName: stores.name })
    .from(orders)
    .leftJoin(stores, eq(stores.id, orders.storeId))
    .where(and(eq(orders.id, id), storeCondition(scope, orders.storeId)));
  if (!found) throw new NotFoundError('errors.not_found.order');

  const [refundRows, auditRows] = await Promise.all([
    db
      .select({ refund: refunds, requestedByName: staffUsers.name })
      .from(refunds)
      .leftJoin(staffUsers, eq(staffUsers.id, refunds.requestedBy))
      .where(eq(refunds.orderId, id))
      .orderBy(asc(refunds.requestedAt), asc(refunds.id)),
    db
      .select({
        id: auditLog.id,
        at: auditLog.at,
        actorKind: auditLog.actorKind,
        actorName: staffUsers.name,
        action: auditLog.action,
        entityId: auditLog.entityId,
        before: auditLog.before,
        after: auditLog.after,
        data: auditLog.data,
      })
      .from(auditLog)
      .leftJoin(staffUsers, eq(staffUsers.id, auditLog.actorStaffId))
      .where(eq(auditLog.orderId, id))
      .orderBy(asc(auditLog.at), asc(auditLog.id)),
  ]);

  return {
    order: toOrderView(
      found.order,
      found.storeName,
      refundRows.map((r) => r.refund),
    ),
    refunds: refundRows.map((r) => toRefundView(r.refund, r.requestedByName)),
    timeline: auditRows.map((row) => ({
      id: row.id,
      at: row.at.toISOString(),
      actorKind: row.actorKind,
      actorName: row.actorKind === 'staff' ? row.actorName : null,
      action: row.action,
      entityId: row.entityId,
      before: isPlainObject(row.before) ? row.before : null,
      after: isPlainObject(row.after) ? row.after : null,
      data: isPlainObject(row.data) ? row.data : null,
    })),
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
