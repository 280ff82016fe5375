import 'server-only';
import { eq } from 'drizzle-orm';
import type { Db } from '@/db/connect';
import { orders } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import type { StaffActor } from '@/lib/auth/actor';
import { lockOrderInScopeOrNull } from '@/lib/orders/lock';
import type { CloseOutcome } from './outcome';
import { pendingCloseFields } from './pending';
import { closeBlocker } from './policy';

export type ClaimedOrder = typeof orders.$inferSelect;

export type Claim = { kind: 'claimed'; order: ClaimedOrder } | { kind: 'refused'; outcome: CloseOutcome };

/**
 * The short transaction before eftPay is asked: lock the order inside the caller's stores, check
 * the close rules on the locked row, and record the attempt with the supervisor's reason. It
 * commits before any gateway call — no transaction is held open across the network.
 *
 * A refusal is recorded too (`order.close_refused`): who tried, why, and why not. An order outside
 * the caller's stores is refused as `not_found`, the same as one that does not exist, and its row
 * carries no order_id so it never appears on that order's timeline.
 */
export async function claimForClose(
  db: Db,
  actor: StaffActor,
  input: { orderId: string; reason: string; now: Date; minAgeMinutes: number; leaseMs: number },
): Promise<Claim> {
  const { orderId, reason, now, minAgeMinutes, leaseMs } = input;
  return db.transaction(async (tx): Promise<Claim> => {
    const order = await lockOrderInScopeOrNull(tx, actor.scope, orderId);
    if (!order) {
      await recordAudit(tx, actor, {
        action: 'order.close_refused',
        entityType: 'order',
        entityId: orderId,
        data: { reason, why: 'not_found' },
      });
      return { kind: 'refused', outcome: { orderId, outTradeNo: null, result: 'cannot_close', why: 'not_found' } };
    }

    const why = closeBlocker(order, now, minAgeMinutes);
    if (why) {
      await recordAudit(tx, actor, {
        action: 'order.close_refused',
        entityType: 'order',
        entityId: order.id,
        orderId: order.id,
        storeId: order.storeId,
        data: { reason, why, status: order.status, wallet: order.wallet, minAgeMinutes },
      });
      return {
        kind: 'refused',
        outcome: {
          orderId: order.id,
          outTradeNo: order.outTradeNo,
          result: 'cannot_close',
          why,
          status: order.status,
          wallet: order.wallet,
        },
      };
    }

    // The close is kept on the order until eftPay answers it, and the order is withheld from the
    // reconciler for one call: if this process dies before the answer, the reconciler finishes the
    // close once that claim runs out (pending.ts).
    await tx
      .update(orders)
      .set({
        ...pendingCloseFields({ staffId: actor.staffId, reason, now }),
        nextCheckAt: new Date(now.getTime() + leaseMs),
        updatedAt: now,
      })
      .where(eq(orders.id, order.id));
    await recordAudit(tx, actor, {
      action: 'order.close_attempted',
      entityType: 'order',
      entityId: order.id,
      orderId: order.id,
      storeId: order.storeId,
      before: { status: order.status, tradeStatus: order.gatewayStatus },
      data: { reason, wallet: order.wallet },
    });
    return { kind: 'claimed', order };
  });
}
