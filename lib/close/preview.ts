import 'server-only';
import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '@/db/connect';
import { orders, stores } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actor';
import { storeCondition } from '@/lib/auth/scope';
import type { Wallet } from '@/lib/shared/wallets';
import type { OrderStatus } from '@/lib/orders/view';
import { parseInput } from '@/lib/validation';
import { type CannotCloseWhy, closeBlocker, closeMinAgeMinutes } from './policy';
import { PreviewCloseInput } from './schemas';

export type PreviewItem =
  | {
      orderId: string;
      found: true;
      outTradeNo: string;
      storeName: string | null;
      wallet: Wallet;
      amountCents: number;
      currency: string;
      status: OrderStatus;
      createdAt: string;
      /** null: will be closed (subject to what eftPay says then). */
      blocker: Exclude<CannotCloseWhy, 'not_found'> | null;
    }
  | { orderId: string; found: false; blocker: 'not_found' };

export interface ClosePreview {
  minAgeMinutes: number;
  items: PreviewItem[];
}

/**
 * Read-only: what a close of these orders would do, by our records, under the same rules the
 * close applies again under the order lock. Orders outside the caller's stores are `not_found`.
 */
export async function previewClose({
  ctx: { db, actor },
  input,
}: {
  ctx: { db: DbOrTx; actor: StaffActor };
  input: PreviewCloseInput;
}): Promise<ClosePreview> {
  const { orderIds: requested } = parseInput(PreviewCloseInput, input);
  const orderIds = [...new Set(requested)];
  const now = new Date();
  const minAgeMinutes = closeMinAgeMinutes();

  const rows = await db
    .select({ order: orders, storeName: stores.name })
    .from(orders)
    .leftJoin(stores, eq(stores.id, orders.storeId))
    .where(and(inArray(orders.id, orderIds), storeCondition(actor.scope, orders.storeId)));
  const byId = new Map(rows.map((row) => [row.order.id, row]));

  return {
    minAgeMinutes,
    items: orderIds.map((orderId): PreviewItem => {
      const row = byId.get(orderId);
      if (!row) return { orderId, found: false, blocker: 'not_found' };
      const { order } = row;
      return {
        orderId,
        found: true,
        outTradeNo: order.outTradeNo,
        storeName: row.storeName,
        wallet: order.wallet,
        amountCents: order.amountCents,
        currency: order.currency,
        status: order.status,
        createdAt: order.createdAt.toISOString(),
        blocker: closeBlocker(order, now, minAgeMinutes) as Exclude<CannotCloseWhy, 'not_found'> | null,
      };
    }),
  };
}
