import 'server-only';
import type { Db } from '@/db/connect';
import type { StaffActor } from '@/lib/auth/actor';
import { log } from '@/lib/log';
import { parseInput } from '@/lib/validation';
import { closeOrder } from './close-order';
import type { CloseOutcome } from './outcome';
import { CloseOrdersInput } from './schemas';

/** Orders closed at the same time: enough to finish 100 orders promptly, few enough to be polite to eftPay. */
const CLOSE_CONCURRENCY = 4;

/**
 * Closes a selection of orders, at most CLOSE_CONCURRENCY at a time, one outcome per distinct
 * order in the order given. One order's trouble never stops the others: an unexpected error
 * becomes that order's `unknown` (its claim keeps the close pending: the reconciler carries it out).
 */
export async function closeOrders({
  ctx,
  input,
}: {
  ctx: { db: Db; actor: StaffActor };
  input: CloseOrdersInput;
}): Promise<CloseOutcome[]> {
  const { reason, orderIds: selected } = parseInput(CloseOrdersInput, input);
  const orderIds = [...new Set(selected)];

  return mapWithConcurrency(orderIds, CLOSE_CONCURRENCY, async (orderId): Promise<CloseOutcome> => {
    try {
      return await closeOrder({ ctx, input: { orderId, reason } });
    } catch (error) {
      log.error({ err: error, orderId }, 'closing an order failed unexpectedly');
      return { orderId, outTradeNo: null, result: 'unknown', reason: 'error' };
    }
  });
}

async function mapWithConcurrency<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
