import 'server-only';
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
