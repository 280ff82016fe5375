// Sections (§) refer to docs/eftpay-gateway.md.

import 'server-only';
import type { Wallet } from './wallets';

/** Result shapes of every gateway call, in our vocabulary (no eftPay field names here). */

export type UnknownReason = 'timeout' | 'network' | 'http-status' | 'unparsable' | 'unsigned' | 'bad-signature';

/**
 * - `accepted`: HTTP 200, JSON object, valid signature, return_status "00". Only means the request
 *   was accepted; the outcome is `tradeStatus` (§1 "Success semantics").
 * - `rejected`: a non-"00" answer, signed or unsigned (§3 says error answers may lack `sign`).
 *   It changes nothing on our side; `message` is for display only (§12 #15: never branch on it).
 * - `unknown`: we cannot know whether the gateway acted. Never treat as failed — Query first
 *   (§11 #7, §12 #12).
 */
export type GatewayOutcome<T> =
  | { kind: 'accepted'; tradeStatus: string; data: T }
  | {
      kind: 'rejected';
      returnStatus: string;
      message: string;
      /** Whether the rejection carried a valid signature. An unsigned one proves nothing. */
      signed: boolean;
    }
  | { kind: 'unknown'; reason: UnknownReason };

export type GatewayApi =
  | 'preorder'
  | 'query-order'
  | 'query-refund'
  | 'close'
  | 'refund'
  | 'apply-refund'
  | 'qr-refund';

/** One row of the gateway call log. Contains no secret: `sign` is a hash, safe to store. */
export interface GatewayCallRecord {
  api: GatewayApi;
  /** Path relative to the configured base URL, e.g. `/Servlet/JSAPIService.do`. */
  endpoint: string;
  service?: string;
  outTradeNo: string;
  refundNo?: string;
  /** The body exactly as sent, including `sign`. */
  request: Record<string, string>;
  /** Parsed JSON, or the raw text truncated to 2,000 characters, or null if nothing arrived. */
  response: unknown;
  httpStatus?: number;
  latencyMs: number;
  outcome: GatewayOutcome<unknown>['kind'];
  /** Unknown reason, trade_status, or the return_status of a rejection. */
  detail?: string;
}

export interface OrderAnswer {
  outTradeNo: string;
  eftpayTradeNo?: string;
  transactionId?: string;
  /** The wallet the customer actually paid with, if reported and known (§12 #17). */
  wallet?: Wallet;
  tid?: string;
  amountCents?: number;
  currency?: string;
  tradeTime?: Date;
  buyerId?: string;
}

export interface PreOrderAnswer {
  outTradeNo: string;
  eftpayTradeNo?: string;
  /** Content to render as a QR image (§4.1, inferred field name). */
  qrCode?: string;
}

export interface RefundAnswer {
  outTradeNo: string;
  refundNo: string;
  eftpayTradeNo?: string;
  /** This refund's amount. */
  amountCents?: number;
  /** The original sale amount, when reported. */
  originalAmountCents?: number;
  refundTime?: Date;
}
