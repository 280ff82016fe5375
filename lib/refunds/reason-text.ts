import 'server-only';
import type { RefundReason } from './schemas';

const LABELS: Record<RefundReason, string> = {
  customer_request: 'Customer request',
  returned_goods: 'Returned goods',
  duplicate_payment: 'Duplicate payment',
  wrong_amount: 'Wrong amount charged',
  service_problem: 'Service problem',
  other: 'Other',
};

/** eftPay's `reason` is String(256). */
const GATEWAY_REASON_MAX = 256;

/**
 * The `reason` sent to eftPay (String(256); Chinese allowed): the staff member's note, else the label.
 * Cut to 256 UTF-16 units — what the request builder measures — never splitting a character, so a
 * long note with emoji or a label prefix shortens the gateway's copy instead of failing the refund
 * (our own record keeps the whole note).
 */
export function gatewayReason(reason: RefundReason, note: string | null): string {
  const text = note ? (reason === 'other' ? note : `${LABELS[reason]}: ${note}`) : LABELS[reason];
  let out = '';
  for (const character of text) {
    if (out.length + character.length > GATEWAY_REASON_MAX) break;
    out += character;
  }
  return out;
}
