/**
 * Our order and refund lifecycles — the one list of each, used by the database enums, the domain,
 * the filters and the labels (`labels.orderStatus`, `labels.refundStatus`). Client-safe.
 */

/** `unpaid` covers every non-final gateway status (docs/eftpay-gateway.md §12 #14). */
export const ORDER_STATUSES = ['unpaid', 'paid', 'partly_refunded', 'fully_refunded', 'closed', 'failed'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export function isOrderStatus(value: unknown): value is OrderStatus {
  return typeof value === 'string' && (ORDER_STATUSES as readonly string[]).includes(value);
}

/** Orders that may be refunded (if anything is left). */
export const REFUNDABLE_ORDER_STATUSES = ['paid', 'partly_refunded'] as const satisfies readonly OrderStatus[];

export function orderRefundable(status: OrderStatus): boolean {
  return (REFUNDABLE_ORDER_STATUSES as readonly OrderStatus[]).includes(status);
}

/**
 * `requested` → `processing` | `succeeded` | `failed` | `unknown` (docs/architecture.md "Refund lifecycle");
 * above the approval threshold a refund starts as `pending_approval` and is approved (→ `requested`),
 * `rejected`, `cancelled` by its requester or `expired` (docs/adr/0014).
 */
export const REFUND_STATUSES = [
  'pending_approval',
  'requested',
  'processing',
  'succeeded',
  'failed',
  'unknown',
  'rejected',
  'cancelled',
  'expired',
] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

/** Refunds whose outcome is not known yet: they hold their money against the order. */
export const IN_FLIGHT_REFUND_STATUSES = [
  'requested',
  'processing',
  'unknown',
] as const satisfies readonly RefundStatus[];

/** Waiting for a second person: reserved against the order, nothing sent to eftPay. */
export const AWAITING_APPROVAL = 'pending_approval' satisfies RefundStatus;

/** Refunds that hold money against the order: in flight or waiting for approval. */
export const HELD_REFUND_STATUSES = [...IN_FLIGHT_REFUND_STATUSES, AWAITING_APPROVAL] as const;

/** Refunds that count against what may still be refunded: done, possibly done, or waiting for approval. */
export const COUNTED_REFUND_STATUSES = [...HELD_REFUND_STATUSES, 'succeeded'] as const;

export function refundInFlight(status: RefundStatus): boolean {
  return (IN_FLIGHT_REFUND_STATUSES as readonly RefundStatus[]).includes(status);
}

/** In flight or waiting for approval: the order page keeps watching it. */
export function refundHeld(status: RefundStatus): boolean {
  return (HELD_REFUND_STATUSES as readonly RefundStatus[]).includes(status);
}

export interface RefundTotals {
  refundedCents: number;
  inFlightCents: number;
  /** Requested above the approval threshold, not decided yet (reserved like a refund in flight). */
  awaitingApprovalCents: number;
}

/**
 * What may still be refunded: paid − refunded − in flight − waiting for approval (an unknown
 * outcome counts as spent). The server decides under the order's lock; the browser uses the same
 * rule to warn before confirming.
 */
export function refundableCents(amountCents: number, totals: RefundTotals): number {
  return Math.max(0, amountCents - totals.refundedCents - totals.inFlightCents - totals.awaitingApprovalCents);
}
