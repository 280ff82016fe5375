import 'server-only';
import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/connect';
import { orders } from '@/db/schema';
import { type StoreScope, storeCondition } from '@/lib/auth/scope';
import { NotFoundError } from '@/lib/errors';
import { isUuid } from './cursor';

export type LockedOrder = typeof orders.$inferSelect;

/**
 * `SELECT … FOR UPDATE` of one order inside the caller's store scope — the first statement of
 * every verb that changes an order (refund, close, refresh), so that two staff, a double click or
 * a notification racing a click are serialised on the order row. Call it inside the transaction
 * that makes the change. Outside the scope, unknown, or not an id at all: NotFoundError, so a
 * verb never confirms that another store's order exists.
 */
export async function lockOrderInScope(tx: DbOrTx, scope: StoreScope, orderId: string): Promise<LockedOrder> {
  const order = await lockOrderInScopeOrNull(tx, scope, orderId);
  if (!order) throw new NotFoundError('errors.not_found.order');
  return order;
}

/** The same lock, for a verb that records a refusal instead of throwing (the close claim). */
export async function lockOrderInScopeOrNull(
  tx: DbOrTx,
  scope: StoreScope,
  orderId: string,
): Promise<LockedOrder | null> {
  if (!isUuid(orderId)) return null;
  const [order] = await tx
    .select()
    .from(orders)
    .where(and(eq(orders.id, orderId), storeCondition(scope, orders.storeId)))
    .for('update');
  return order ?? null;
}
