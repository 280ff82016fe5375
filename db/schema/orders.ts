import 'server-only';
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { orderStatus, refundReason, refundStatus, wallet } from './enums';
import { staffUsers } from './staff';
import { stores } from './stores';

const tz = { withTimezone: true } as const;

export const orders = pgTable(
  'orders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Our (merchant) order number, eftPay's `out_trade_no`; String(28). */
    outTradeNo: text('out_trade_no').notNull(),
    eftpayTradeNo: text('eftpay_trade_no'),
    /** The wallet's own transaction id (`transaction_id`). */
    transactionId: text('transaction_id'),
    wallet: wallet('wallet').notNull(),
    tid: text('tid'),
    /** Derived from `tid` at intake; null = unassigned (admin and finance only). */
    storeId: uuid('store_id').references(() => stores.id),
    amountCents: integer('amount_cents').notNull(),
    currency: text('currency').notNull().default('HKD'),
    subject: text('subject'),
    buyerId: text('buyer_id'),
    status: orderStatus('status').notNull().default('unpaid'),
    /** The last trade_status eftPay reported for the sale. */
    gatewayStatus: text('gateway_status'),
    /** Sum of succeeded refunds, kept in step under the order lock. */
    refundedCents: integer('refunded_cents').notNull().default(0),
    /** When the order was created at eftPay (or first seen) — the list's sort key. */
    createdAt: timestamp('created_at', tz).notNull().defaultNow(),
    paidAt: timestamp('paid_at', tz),
    closedAt: timestamp('closed_at', tz),
    updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
    /** When the reconciler should next ask eftPay about this order (null = final / not due). */
    nextCheckAt: timestamp('next_check_at', tz),
    checkAttempts: integer('check_attempts').notNull().default(0),
    /**
     * A supervisor's close that eftPay has not yet answered conclusively (set when the close is
     * claimed, cleared by its outcome): while the order is unpaid, the reconciler carries it out.
     */
    closeRequestedAt: timestamp('close_requested_at', tz),
    closeRequestedBy: uuid('close_requested_by').references(() => staffUsers.id),
    closeReason: text('close_reason'),
  },
  (t) => [
    // The list (lib/orders/list.ts) always orders by (created_at, id) newest first and pages by
    // keyset on the same pair, so every index it leans on ends in those columns. Why each one
    // exists, with the plans measured at 1M orders: migration 0002_orders_search_indexes.sql.
    // text_pattern_ops: equality for the unique key *and* `LIKE 'prefix%'` under any collation.
    uniqueIndex('orders_out_trade_no_key').on(t.outTradeNo.op('text_pattern_ops')),
    index('orders_eftpay_trade_no_prefix_idx')
      .on(t.eftpayTradeNo.op('text_pattern_ops'))
      .where(sql`${t.eftpayTradeNo} is not null`),
    index('orders_transaction_id_prefix_idx')
      .on(t.transactionId.op('text_pattern_ops'))
      .where(sql`${t.transactionId} is not null`),
    // The search box is case-insensitive and matches a number by its start or its end (the last
    // characters a customer reads out): `upper(col) LIKE 'X%'` and `reverse(upper(col)) LIKE 'X%'`
    // are range scans of these expression indexes under any collation (lib/orders/search.ts). The
    // plain ones above stay for exact lookups elsewhere (finance's refund search, intake).
    index('orders_out_trade_no_upper_idx').using('btree', sql`upper(${t.outTradeNo}) text_pattern_ops`),
    index('orders_out_trade_no_suffix_idx').using('btree', sql`reverse(upper(${t.outTradeNo})) text_pattern_ops`),
    index('orders_eftpay_trade_no_upper_idx')
      .using('btree', sql`upper(${t.eftpayTradeNo}) text_pattern_ops`)
      .where(sql`${t.eftpayTradeNo} is not null`),
    index('orders_eftpay_trade_no_suffix_idx')
      .using('btree', sql`reverse(upper(${t.eftpayTradeNo})) text_pattern_ops`)
      .where(sql`${t.eftpayTradeNo} is not null`),
    index('orders_transaction_id_upper_idx')
      .using('btree', sql`upper(${t.transactionId}) text_pattern_ops`)
      .where(sql`${t.transactionId} is not null`),
    index('orders_transaction_id_suffix_idx')
      .using('btree', sql`reverse(upper(${t.transactionId})) text_pattern_ops`)
      .where(sql`${t.transactionId} is not null`),
    index('orders_created_idx').on(t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('orders_store_created_idx').on(t.storeId, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('orders_store_status_created_idx').on(
      t.storeId,
      t.status,
      t.createdAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    index('orders_status_created_idx').on(t.status, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('orders_amount_created_idx').on(t.amountCents, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('orders_next_check_idx').on(t.nextCheckAt).where(sql`${t.nextCheckAt} is not null`),
    check('orders_amount_positive', sql`${t.amountCents} > 0`),
    check('orders_refunded_within_amount', sql`${t.refundedCents} between 0 and ${t.amountCents}`),
  ],
);

export const refunds = pgTable(
  'refunds',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id),
    /** Our refund number (`out_refund_no` / `refund_no`), ≤ 28 chars; the gateway idempotency key. */
    refundNo: text('refund_no').notNull(),
    /** The form's client-generated key: a resubmission yields the same refund. */
    idempotencyKey: text('idempotency_key').notNull(),
    amountCents: integer('amount_cents').notNull(),
    /**
     * The order's store and wallet, copied by the database (migration 0012: set on insert, and
     * again whenever the order moves), never by the application — so finance filters and sorts
     * refunds on one table's indexes. Always the order's; null store = unassigned.
     */
    storeId: uuid('store_id'),
    wallet: wallet('wallet'),
    /**
     * The order's numbers and currency, copied the same way (migration 0014), so the refund
     * history and its CSV read one row per refund and never look up ten million orders.
     */
    outTradeNo: text('out_trade_no'),
    eftpayTradeNo: text('eftpay_trade_no'),
    currency: text('currency'),
    reason: refundReason('reason').notNull(),
    note: text('note'),
    status: refundStatus('status').notNull().default('requested'),
    /** Which eftPay refund API served it (`app-refund`, `app-apply-refund`, `qr-refund`). */
    gatewayApi: text('gateway_api'),
    gatewayStatus: text('gateway_status'),
    /** eftPay's own words (return_char) — for display only. */
    gatewayMessage: text('gateway_message'),
    requestedBy: uuid('requested_by').references(() => staffUsers.id),
    requestedAt: timestamp('requested_at', tz).notNull().defaultNow(),
    completedAt: timestamp('completed_at', tz),
    updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
    nextCheckAt: timestamp('next_check_at', tz),
    checkAttempts: integer('check_attempts').notNull().default(0),
    /**
     * Four eyes (docs/adr/0014): the approval threshold that sent this refund to approval, as it
     * was when it was requested; when an undecided request lapses; who approved it and when; who
     * rejected or cancelled it, when, and why.
     */
    approvalThresholdCents: integer('approval_threshold_cents'),
    expiresAt: timestamp('expires_at', tz),
    approvedBy: uuid('approved_by').references(() => staffUsers.id),
    approvedAt: timestamp('approved_at', tz),
    decidedBy: uuid('decided_by').references(() => staffUsers.id),
    decidedAt: timestamp('decided_at', tz),
    decisionNote: text('decision_note'),
  },
  (t) => [
    uniqueIndex('refunds_refund_no_key').on(t.refundNo),
    uniqueIndex('refunds_idempotency_key').on(t.idempotencyKey),
    index('refunds_order_idx').on(t.orderId),
    // Both time indexes INCLUDE the columns finance filters and sums on (migration 0016): an amount
    // range's totals over a date range are an index-only scan.
    index('refunds_requested_at_idx').on(t.requestedAt, t.id),
    // Refund history (lib/finance): the staff-member filter (and the filter's staff list), and
    // date ranges on the completed time. Migration 0003_finance_indexes.
    index('refunds_requested_by_idx').on(t.requestedBy, t.requestedAt, t.id),
    index('refunds_completed_at_idx').on(t.completedAt, t.id),
    // Refund history's list, newest first under each filter alone (combinations: the most
    // selective, or a bitmap of several), the amount range, and the filter's staff list per store.
    index('refunds_store_requested_idx').on(t.storeId, t.requestedAt, t.id),
    index('refunds_status_requested_idx').on(t.status, t.requestedAt, t.id),
    index('refunds_wallet_requested_idx').on(t.wallet, t.requestedAt, t.id),
    index('refunds_reason_requested_idx').on(t.reason, t.requestedAt, t.id),
    index('refunds_amount_idx').on(t.amountCents),
    index('refunds_store_staff_idx').on(t.storeId, t.requestedBy),
    index('refunds_next_check_idx').on(t.nextCheckAt).where(sql`${t.nextCheckAt} is not null`),
    // The approval queue and the expiry job: only refunds waiting for approval carry `expires_at`.
    index('refunds_expires_at_idx').on(t.expiresAt).where(sql`${t.expiresAt} is not null`),
    check('refunds_amount_positive', sql`${t.amountCents} > 0`),
    check('refunds_refund_no_length', sql`length(${t.refundNo}) <= 28`),
  ],
);
