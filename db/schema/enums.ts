import 'server-only';
import { pgEnum } from 'drizzle-orm/pg-core';
import { WALLET_CODES } from '@/lib/shared/wallets';

export const staffRole = pgEnum('staff_role', ['manager', 'finance', 'supervisor', 'admin']);

/** The wallet (eftPay `payment_type`) the customer actually paid with (docs/eftpay-gateway.md §12 #17). */
export const wallet = pgEnum('wallet', WALLET_CODES);

/**
 * Our order lifecycle. `partly_refunded` / `fully_refunded` follow from succeeded refunds;
 * `unpaid` covers every non-final gateway status (docs/eftpay-gateway.md §12 #14).
 */
export const orderStatus = pgEnum('order_status', [
  'unpaid',
  'paid',
  'partly_refunded',
  'fully_refunded',
  'closed',
  'failed',
]);

/** Our refund lifecycle (docs/architecture.md "Refund lifecycle"). */
export const refundStatus = pgEnum('refund_status', ['requested', 'processing', 'succeeded', 'failed', 'unknown']);

export const refundReason = pgEnum('refund_reason', [
  'customer_request',
  'returned_goods',
  'duplicate_payment',
  'wrong_amount',
  'service_problem',
  'other',
]);

export const actorKind = pgEnum('actor_kind', ['staff', 'eftpay', 'system']);

export const gatewayOutcome = pgEnum('gateway_outcome', ['accepted', 'rejected', 'unknown']);
