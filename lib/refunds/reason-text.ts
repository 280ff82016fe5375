import type { RefundReason } from './schemas';

const LABELS: Record<RefundReason, string> = {
  customer_request: 'Customer request',
  returned_goods: 'Returned goods',
  duplicate_payment: 'Duplicate payment',
  wrong_amount: 'Wrong amount charged',
  service_problem: 'Service problem',
  other: 'Other',
};

export function reasonLabel(reason: RefundReason): string {
  return LABELS[reason];
}

/** The `reason` sent to eftPay (String(256); Chinese allowed): the staff member's note, else the label. */
export function gatewayReason(reason: RefundReason, note: string | null): string {
  const text = note ? (reason === 'other' ? note : `${LABELS[reason]}: ${note}`) : LABELS[reason];
  return Array.from(text).slice(0, 256).join('');
}
