/** Why a refund is given: the one list (labels in `labels.refundReason`). Client-safe. */
export const REFUND_REASONS = [
  'customer_request',
  'returned_goods',
  'duplicate_payment',
  'wrong_amount',
  'service_problem',
  'other',
] as const;
export type RefundReason = (typeof REFUND_REASONS)[number];

export function isRefundReason(value: unknown): value is RefundReason {
  return typeof value === 'string' && (REFUND_REASONS as readonly string[]).includes(value);
}
