import 'server-only';
import type { OrderState } from '@/lib/eftpay/statuses';
import type { OrderStatus } from './view';

/** Order status once refunds are counted: only paid orders carry refunds. */
export function statusAfterRefunds(amountCents: number, refundedCents: number): OrderStatus {
  if (refundedCents <= 0) return 'paid';
  return refundedCents >= amountCents ? 'fully_refunded' : 'partly_refunded';
}

const RANK: Record<OrderStatus, number> = {
  unpaid: 0,
  failed: 1,
  closed: 1,
  paid: 2,
  partly_refunded: 3,
  fully_refunded: 4,
};

/**
 * The status an order moves to when eftPay reports the sale as `reported`. Moves only forward, so
 * a late or replayed notification never undoes what is known (a refunded order stays refunded).
 * A paid report wins over closed/failed: eftPay's word that the buyer paid is final (docs/eftpay-gateway.md §4.3).
 */
export function nextOrderStatus(current: OrderStatus, reported: OrderState): OrderStatus {
  if (reported === 'unpaid') return current;
  if (reported === 'paid') return RANK[current] >= RANK.paid ? current : 'paid';
  return current === 'unpaid' ? reported : current;
}
