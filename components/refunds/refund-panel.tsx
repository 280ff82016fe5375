import type { OrderView } from '@/lib/orders/view';

/**
 * The order page's refund area (issue: refunds). Rendered only for roles with `orders.refund`.
 * Placeholder until the refund form lands.
 */
export function RefundPanel(_props: { order: OrderView }) {
  return null;
}
