import { describe, expect, it } from 'vitest';
import {
  isFinalRefundStatus,
  isFinalSaleStatus,
  orderStateFromSaleStatus,
  refundStateFromStatus,
} from '@/lib/eftpay/statuses';

describe('sale status → order state (docs/eftpay-gateway.md §6.1, §12 #14)', () => {
  it.each([
    ['TRADE_SUCCESS', 'paid'],
    ['TRADE_CLOSED', 'closed'],
    ['TRADE_FAIL', 'failed'],
    ['TRADE_PROCESSING', 'unpaid'],
    ['WAIT_BUYER_PAY', 'unpaid'],
    ['', 'unpaid'],
    ['trade_success', 'unpaid'],
  ])('%s → %s', (status, state) => {
    expect(orderStateFromSaleStatus(status)).toBe(state);
  });

  it('calls only the three final statuses final', () => {
    expect(isFinalSaleStatus('TRADE_SUCCESS')).toBe(true);
    expect(isFinalSaleStatus('TRADE_PROCESSING')).toBe(false);
  });
});

describe('refund status → refund state (docs/eftpay-gateway.md §4.4, §7)', () => {
  it.each([
    ['TRADE_REFUND', 'succeeded'],
    ['TRADE_CLOSED', 'succeeded'],
    ['TRADE_FAIL', 'failed'],
    ['TRADE_PROCESSING', 'processing'],
    ['APPLY_SUCCESS', 'processing'],
    ['TRADE_SUCCESS', 'processing'],
    ['SOMETHING_NEW', 'processing'],
  ])('%s → %s', (status, state) => {
    expect(refundStateFromStatus(status)).toBe(state);
  });

  it('keeps APPLY_SUCCESS pending', () => {
    expect(isFinalRefundStatus('APPLY_SUCCESS')).toBe(false);
    expect(isFinalRefundStatus('TRADE_REFUND')).toBe(true);
  });
});
