import type { WalletCode } from '@/lib/eftpay/wallet-codes';

/**
 * What the browser may know about an order: plain, serialisable, no internal bookkeeping.
 * Built on the server by the order queries; consumed by the order page and its panels.
 */
export type OrderStatus = 'unpaid' | 'paid' | 'partly_refunded' | 'fully_refunded' | 'closed' | 'failed';

export interface OrderView {
  id: string;
  outTradeNo: string;
  eftpayTradeNo: string | null;
  transactionId: string | null;
  wallet: WalletCode;
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
  /** paid − refunded − in flight (0 unless the order is paid / partly refunded). */
  refundableCents: number;
  createdAt: string;
  paidAt: string | null;
  closedAt: string | null;
}

export type RefundStatus = 'requested' | 'processing' | 'succeeded' | 'failed' | 'unknown';

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
  requestedAt: string;
  completedAt: string | null;
}
