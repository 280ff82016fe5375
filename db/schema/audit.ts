import 'server-only';
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { actorKind, gatewayOutcome } from './enums';
import { orders, refunds } from './orders';
import { staffUsers } from './staff';

const tz = { withTimezone: true } as const;

/**
 * Append-only: a trigger (migration 0001) rejects UPDATE and DELETE for every database user.
 * Rows about an order (`order_id`) also make up that order's timeline.
 *
 * Tamper-evident: every row is a link of one hash chain (`seq`, `prev_hash`, `hash`), filled in by
 * a BEFORE INSERT trigger under a lock in the inserting transaction — never by the application —
 * and checked by `npm run audit:verify` (docs/audit-verification.md, docs/adr/0009). The columns
 * are nullable here only so that inserts need not name them; a CHECK constraint in the migration
 * that added them refuses a row without them.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', tz).notNull().defaultNow(),
    actorKind: actorKind('actor_kind').notNull(),
    actorStaffId: uuid('actor_staff_id').references(() => staffUsers.id),
    /** e.g. `refund.requested`, `order.close_attempted`, `auth.sign_in_failed`. */
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    orderId: uuid('order_id').references(() => orders.id),
    storeId: uuid('store_id'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    before: jsonb('before'),
    after: jsonb('after'),
    /** Free-form context (reason, gateway status, …) — never a secret. */
    data: jsonb('data'),
    /** Position in the chain: 1, 2, 3 … without gaps, in the order the rows took the chain's lock. */
    seq: bigint('seq', { mode: 'number' }),
    /** The previous row's `hash` (64 zeros before the first row). */
    prevHash: text('prev_hash'),
    /** SHA-256 (hex) of the row's canonical text, which includes `prev_hash`. */
    hash: text('hash'),
  },
  (t) => [
    index('audit_log_at_idx').on(t.at, t.id),
    // The chain's order, its head (the trigger reads the last row), and one row per position.
    uniqueIndex('audit_log_seq_key').on(t.seq),
    index('audit_log_order_idx').on(t.orderId, t.at),
    index('audit_log_actor_idx').on(t.actorStaffId, t.at),
    // The audit log view's action filter, newest first (lib/audit/list-audit.ts).
    index('audit_log_action_idx').on(t.action, t.at, t.id),
    // "Who" with an event, newest first: a kind of actor (any staff, eftPay, the system) or one
    // staff member, with an action. Without them a combination that matches little walks the time
    // index through millions of rows (measured at 20M rows: 1–7 s, with them ≤ 9 ms; migration 0013).
    index('audit_log_kind_action_idx').on(t.actorKind, t.action, t.at, t.id),
    index('audit_log_actor_action_idx')
      .on(t.actorStaffId, t.action, t.at, t.id)
      .where(sql`${t.actorStaffId} is not null`),
  ],
);

/** Every call we make to eftPay: bodies as sent/received (the secret is never part of them). */
export const gatewayCalls = pgTable(
  'gateway_calls',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', tz).notNull().defaultNow(),
    api: text('api').notNull(),
    endpoint: text('endpoint').notNull(),
    service: text('service'),
    outTradeNo: text('out_trade_no'),
    refundNo: text('refund_no'),
    orderId: uuid('order_id').references(() => orders.id),
    refundId: uuid('refund_id').references(() => refunds.id),
    request: jsonb('request').notNull(),
    response: jsonb('response'),
    httpStatus: integer('http_status'),
    latencyMs: integer('latency_ms').notNull(),
    outcome: gatewayOutcome('outcome').notNull(),
    detail: text('detail'),
  },
  (t) => [index('gateway_calls_out_trade_no_idx').on(t.outTradeNo, t.at)],
);

/** Every notification POSTed to us, genuine or not, with what we did about it. */
export const gatewayNotifications = pgTable(
  'gateway_notifications',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    receivedAt: timestamp('received_at', tz).notNull().defaultNow(),
    /** `payment` | `refund` | `unknown`. */
    kind: text('kind').notNull(),
    /** `applied` | `duplicate` | `bad_signature` | `malformed` | `unknown_order` | `error`. */
    result: text('result').notNull(),
    outTradeNo: text('out_trade_no'),
    refundNo: text('refund_no'),
    orderId: uuid('order_id').references(() => orders.id),
    ip: text('ip'),
    body: jsonb('body'),
  },
  (t) => [index('gateway_notifications_out_trade_no_idx').on(t.outTradeNo)],
);

/**
 * Where eftPay's word and ours disagree, kept for a person to act on (docs/adr/0011): a signed
 * payment notification or Query answer whose amount, currency or wallet differs from the order's
 * first trustworthy record, or a signed refund notification that names a refund we never made or
 * does not match ours (refund number, order and amount). Nothing is changed by the disagreeing
 * message; an admin or finance officer marks the row resolved with a note (audited).
 */
export const gatewayDiscrepancies = pgTable(
  'gateway_discrepancies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    detectedAt: timestamp('detected_at', tz).notNull().defaultNow(),
    /** `payment_amount` | `payment_currency` | `payment_wallet` | `refund_unknown` | `refund_mismatch`. */
    kind: text('kind').notNull(),
    /** `notification` | `query`. */
    source: text('source').notNull(),
    notificationId: bigint('notification_id', { mode: 'number' }).references(() => gatewayNotifications.id),
    orderId: uuid('order_id').references(() => orders.id),
    refundId: uuid('refund_id').references(() => refunds.id),
    storeId: uuid('store_id'),
    outTradeNo: text('out_trade_no'),
    refundNo: text('refund_no'),
    /** What we hold, e.g. `{ amountCents: 5000, wallet: 'ALIPAYHK' }`. */
    expected: jsonb('expected'),
    /** What eftPay's signed message said. */
    reported: jsonb('reported').notNull(),
    resolvedAt: timestamp('resolved_at', tz),
    resolvedBy: uuid('resolved_by').references(() => staffUsers.id),
    resolutionNote: text('resolution_note'),
  },
  (t) => [
    index('gateway_discrepancies_open_idx').on(t.resolvedAt, t.detectedAt),
    index('gateway_discrepancies_order_idx').on(t.orderId),
  ],
);

/**
 * Anonymous notification traffic that failed its checks (bad signature, malformed, too large, rate
 * limited): bounded evidence — an excerpt, the body's size and SHA-256 — never the whole body, and
 * deleted after NOTIFY_REJECT_RETENTION_DAYS by the retention job. Genuine notifications go to
 * `gateway_notifications`, which is append-only and kept.
 */
export const rejectedNotifications = pgTable(
  'rejected_notifications',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    receivedAt: timestamp('received_at', tz).notNull().defaultNow(),
    /** `bad_signature` | `malformed` | `too_large` | `rate_limited`. */
    reason: text('reason').notNull(),
    ip: text('ip'),
    outTradeNo: text('out_trade_no'),
    bodyBytes: integer('body_bytes').notNull(),
    bodySha256: text('body_sha256').notNull(),
    /** The first 1,024 characters of the body, for forensics. */
    bodyExcerpt: text('body_excerpt').notNull(),
  },
  (t) => [
    index('rejected_notifications_received_idx').on(t.receivedAt),
    index('rejected_notifications_ip_idx').on(t.ip, t.receivedAt),
  ],
);
