import 'server-only';
import type { SandboxContext } from './context';
import type { SandboxMask, SandboxOrder, SandboxState } from './state-schema';

/** Reads shared by the sandbox's order and refund handlers. */

/** Own keys only: an out_trade_no such as "constructor" must not find Object.prototype members. */
export function storedOrder(state: SandboxState, outTradeNo: string): SandboxOrder | undefined {
  return Object.hasOwn(state.orders, outTradeNo) ? state.orders[outTradeNo] : undefined;
}

/** Looks an order up, first closing it if it expired unpaid (docs/eftpay-gateway.md §12 #18: default 30 min). */
export function findOrder(ctx: SandboxContext, outTradeNo: string | undefined): SandboxOrder | undefined {
  if (outTradeNo === undefined) return undefined;
  const order = storedOrder(ctx.state, outTradeNo);
  if (!order) return undefined;
  const expiresAt = new Date(order.createdAt).getTime() + ctx.settings.expiryMinutes * 60_000;
  if (order.status === 'unpaid' && ctx.now().getTime() >= expiresAt) {
    order.status = 'closed';
    order.closedAt = new Date(expiresAt).toISOString();
    ctx.persist();
  }
  return order;
}

/**
 * The status a Query reports: a `processing-then-result` mask wins while it lasts. Each masked
 * Query answer uses up one of its remaining queries.
 */
export function reportedStatus(
  ctx: SandboxContext,
  holder: { mask?: SandboxMask },
  real: string,
  consume: boolean,
): string {
  const mask = holder.mask;
  if (!mask) return real;
  const expired = mask.until !== undefined && ctx.now().getTime() >= new Date(mask.until).getTime();
  const usedUp = mask.remainingQueries !== undefined && mask.remainingQueries <= 0;
  if (expired || usedUp) {
    holder.mask = undefined;
    ctx.persist();
    return real;
  }
  if (consume && mask.remainingQueries !== undefined) {
    mask.remainingQueries -= 1;
    ctx.persist();
  }
  return mask.status;
}
