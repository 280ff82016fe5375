import 'server-only';
import { pgEnum } from 'drizzle-orm/pg-core';
import { ACTOR_KINDS, ROLES } from '@/lib/shared/actors';
import { REFUND_REASONS } from '@/lib/shared/refund-reasons';
import { ORDER_STATUSES, REFUND_STATUSES } from '@/lib/shared/statuses';
import { WALLET_CODES } from '@/lib/shared/wallets';

export const staffRole = pgEnum('staff_role', ROLES);

/** The wallet (eftPay `payment_type`) the customer actually paid with (docs/eftpay-gateway.md §12 #17). */
export const wallet = pgEnum('wallet', WALLET_CODES);

/**
 * Our order lifecycle. `partly_refunded` / `fully_refunded` follow from succeeded refunds;
 * `unpaid` covers every non-final gateway status (docs/eftpay-gateway.md §12 #14).
 */
export const orderStatus = pgEnum('order_status', ORDER_STATUSES);

/** Our refund lifecycle (docs/architecture.md "Refund lifecycle"). */
export const refundStatus = pgEnum('refund_status', REFUND_STATUSES);

export const refundReason = pgEnum('refund_reason', REFUND_REASONS);

export const actorKind = pgEnum('actor_kind', ACTOR_KINDS);

export const gatewayOutcome = pgEnum('gateway_outcome', ['accepted', 'rejected', 'unknown']);
