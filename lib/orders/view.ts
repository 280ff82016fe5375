import 'server-only';
import {
  AWAITING_APPROVAL,
  type OrderStatus,
  orderRefundable,
  type RefundStatus,
  refundableCents,
  refundInFlight,
} from '@/lib/shared/statuses';
import type { Wallet } from '@/lib/shared/wallets';

export type { OrderStatus, RefundStatus };

/**
 * What the browser may know about an order: plain, serialisable, no internal bookkeeping.
 * Built on the server by the order queries; consumed by the order page and its panels.
 */
export interface OrderView {
  id: string;
  outTradeNo: string;
  eftpayTradeNo: string | null;
  transactionId: string | null;
  wallet: Wallet;
  tid: string | null;
  storeId: string | null;
  storeName: string | null;
  amountCents: number;
  currency: string;
  subject: string | null;
  status: OrderStatus;
  gatewayStatus: string | null;
  /** Succeeded refunds. */
  refundedCents: number;
  /** Refunds requested, processing or unknown: they still count against the remainder. */
  inFlightCents: number;
  /** Refunds waiting for a second person's approval: reserved like those in flight. */
  awaitingApprovalCents: number;
  /** paid − refunded − in flight − awaiting approval (0 unless the order is paid / partly refunded). */
  refundableCents: number;
  createdAt: string;
  paidAt: string | null;
  closedAt: string | null;
}

export interface RefundView {
  id: string;
  orderId: string;
  refundNo: string;
  amountCents: number;
  reason: string;
  note: string | null;
  status: RefundStatus;
  gatewayStatus: string | null;
  gatewayMessage: string | null;
  requestedByName: string | null;
  /** Who asked: the order page lets its requester withdraw a request waiting for approval. */
  requestedById: string | null;
  requestedAt: string;
  /** A request waiting for approval lapses then (ISO), else null. */
  expiresAt: string | null;
  completedAt: string | null;
}

/** The order row as stored, the fields the view needs (a `select()` of `orders` fits). */
export interface OrderRecord {
  id: string;
  outTradeNo: string;
  eftpayTradeNo: string | null;
  transactionId: string | null;
  wallet: Wallet;
  tid: string | null;
  storeId: string | null;
  amountCents: number;
  currency: string;
  subject: string | null;
  status: OrderStatus;
  gatewayStatus: string | null;
  refundedCents: number;
  createdAt: Date;
  paidAt: Date | null;
  closedAt: Date | null;
}

/**
 * The order as the browser may see it, with the money that is still movable worked out once,
 * here: in flight = requested + processing + unknown refunds; refundable = amount − refunded − in
 * flight, for paid and partly refunded orders only, never below zero.
 */
export function toOrderView(
  order: OrderRecord,
  storeName: string | null,
  refunds: ReadonlyArray<{ amountCents: number; status: RefundStatus }>,
): OrderView {
  const sumOf = (pick: (status: RefundStatus) => boolean) =>
    refunds.filter((r) => pick(r.status)).reduce((sum, r) => sum + r.amountCents, 0);
  const inFlightCents = sumOf(refundInFlight);
  const awaitingApprovalCents = sumOf((status) => status === AWAITING_APPROVAL);
  const refundable = orderRefundable(order.status)
    ? refundableCents(order.amountCents, { refundedCents: order.refundedCents, inFlightCents, awaitingApprovalCents })
    : 0;
  return {
    id: order.id,
    outTradeNo: order.outTradeNo,
    eftpayTradeNo: order.eftpayTradeNo,
    transactionId: order.transactionId,
    wallet: order.wallet,
    tid: order.tid,
    storeId: order.storeId,
    storeName,
    amountCents: order.amountCents,
    currency: order.currency,
    subject: order.subject,
    status: order.status,
    gatewayStatus: order.gatewayStatus,
    refundedCents: order.refundedCents,
    inFlightCents,
    awaitingApprovalCents,
    refundableCents: refundable,
    createdAt: order.createdAt.toISOString(),
    paidAt: order.paidAt?.toISOString() ?? null,
    closedAt: order.closedAt?.toISOString() ?? null,
  };
}

export interface RefundRecord {
  id: string;
  orderId: string;
  refundNo: string;
  amountCents: number;
  reason: string;
  note: string | null;
  status: RefundStatus;
  gatewayStatus: string | null;
  gatewayMessage: string | null;
  requestedBy: string | null;
  requestedAt: Date;
  expiresAt: Date | null;
  completedAt: Date | null;
}

export function toRefundView(refund: RefundRecord, requestedByName: string | null): RefundView {
  return {
    id: refund.id,
    orderId: refund.orderId,
    refundNo: refund.refundNo,
    amountCents: refund.amountCents,
    reason: refund.reason,
    note: refund.note,
    status: refund.status,
    gatewayStatus: refund.gatewayStatus,
    gatewayMessage: refund.gatewayMessage,
    requestedByName,
    requestedById: refund.requestedBy,
    requestedAt: refund.requestedAt.toISOString(),
    expiresAt: refund.expiresAt?.toISOString() ?? null,
    completedAt: refund.completedAt?.toISOString() ?? null,
  };
}

/** One line of an order's story: an audit row about it. */
export interface TimelineEntry {
  id: number;
  at: string;
  actorKind: 'staff' | 'eftpay' | 'system';
  /** The staff member's name; null for eftPay and the system. */
  actorName: string | null;
  /** e.g. `refund.answered`; told in plain words by lib/i18n/audit-sentences.ts. */
  action: string;
  entityId: string | null;
  /** The state before and after, and the row's free-form context — never a secret (lib/audit). */
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  data: Record<string, unknown> | null;
}
