import 'server-only';
import labels from '@/lib/i18n/messages/en/labels.json';
import type { RefundReason } from '@/lib/shared/refund-reasons';

/**
 * eftPay is told the reason in English, whatever the staff member's language: its records and
 * the merchant's statements stay in one language for the books, and the English names come from
 * the one label table (the `labels` catalogue), so the console and eftPay never disagree.
 */
const LABELS: Readonly<Record<RefundReason, string>> = labels.refundReason;

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
