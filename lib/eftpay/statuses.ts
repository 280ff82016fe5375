import 'server-only';

// Sections (§) refer to docs/eftpay-gateway.md.

/**
 * `trade_status` values (docs/eftpay-gateway.md §6.1 — Appendix 2 itself was never available) and the only place
 * that turns them into our states. `return_status` is never an outcome (§3); these are.
 */

const TRADE_STATUS = {
  SUCCESS: 'TRADE_SUCCESS',
  PROCESSING: 'TRADE_PROCESSING',
  APPLY_SUCCESS: 'APPLY_SUCCESS',
  REFUND: 'TRADE_REFUND',
  CLOSED: 'TRADE_CLOSED',
  FAIL: 'TRADE_FAIL',
} as const;

export type OrderState = 'unpaid' | 'paid' | 'closed' | 'failed';

/**
 * Sale status → order state. The "awaiting payment" value is undocumented (§6.1, §12 #14), so
 * every value other than the three finals — including ones eftPay may add — means still pending.
 */
export function orderStateFromSaleStatus(tradeStatus: string): OrderState {
  switch (tradeStatus) {
    case TRADE_STATUS.SUCCESS:
      return 'paid';
    case TRADE_STATUS.CLOSED:
      return 'closed';
    case TRADE_STATUS.FAIL:
      return 'failed';
    default:
      return 'unpaid';
  }
}

export type RefundState = 'processing' | 'succeeded' | 'failed';

/**
 * Refund status → refund state (§4.4 status flow, §7). TRADE_REFUND (partial) and TRADE_CLOSED
 * (refunds now total the sale) both mean this refund went through. TRADE_PROCESSING, APPLY_SUCCESS
 * and anything unknown stay pending, to be resolved by notification or Query (§12 #12).
 */
export function refundStateFromStatus(tradeStatus: string): RefundState {
  switch (tradeStatus) {
    case TRADE_STATUS.REFUND:
    case TRADE_STATUS.CLOSED:
      return 'succeeded';
    case TRADE_STATUS.FAIL:
      return 'failed';
    default:
      return 'processing';
  }
}

export function isFinalSaleStatus(tradeStatus: string): boolean {
  return orderStateFromSaleStatus(tradeStatus) !== 'unpaid';
}

export function isFinalRefundStatus(tradeStatus: string): boolean {
  return refundStateFromStatus(tradeStatus) !== 'processing';
}
