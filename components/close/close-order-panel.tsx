import type { OrderView } from '@/lib/orders/view';

/**
 * The order page's close area for an unpaid order (issue: close). Rendered only for roles with
 * `orders.close`. Placeholder until the close flow lands.
 */
export function CloseOrderPanel(_props: { order: OrderView }) {
  return null;
}
