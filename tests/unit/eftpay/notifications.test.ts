// Sections (§) refer to docs/eftpay-gateway.md.

import { describe, expect, it } from 'vitest';
import { notificationReply, parseNotification } from '@/lib/eftpay/notifications';
import { sign, signParams, verify } from '@/lib/eftpay/sign';

const SECRET = 'testsignkey1234';

// §4.5 QR payment notification (official sample, completed with the table's fields).
const PAYMENT = {
  trade_type: 'SALE',
  user_confirm_key: '12345678',
  transaction_id: '20190823191819',
  out_trade_no: '20190824021916',
  subject: '测试123',
  total_fee: '0.02',
  currency: 'HKD',
  trade_status: 'TRADE_SUCCESS',
  gmt_payment: '2019-08-24 10:41:25',
  payment_type: 'WECHATCN',
  buyer_id: 'buyer-1',
  tid: 'tid123',
  eftpay_trade_no: '08520005269190824104101935',
  time: '20190824104130',
};

// §5.3 official refund notification sample (full refund ⇒ TRADE_CLOSED).
const REFUND = {
  currency: 'HKD',
  eft_trade_no: '18520003650610023041t5ruq5va732',
  eftpay_trade_no: '18520003650610023041t5ruq5va732',
  gmt_payment: '2020-01-20 10:35:34',
  notify_type: 'trade_status_sync',
  out_trade_no: 'rrn_1686280005985',
  refund_no: 'R_rrn_1686280005985',
  return_amount: '0.29',
  time: '20230609110645',
  total_fee: '0.29',
  trade_no: '4200000994202001206533192063',
  trade_status: 'TRADE_CLOSED',
  trade_type: 'REFUND',
  transaction_id: '4200000994202001206533192063',
  user_confirm_key: 'S0003469',
  wallet: 'WECHATCN',
};

describe('parseNotification', () => {
  it('reads a signed QR payment notification into domain fields', () => {
    const parsed = parseNotification(signParams(PAYMENT, SECRET), SECRET);
    expect(parsed).toEqual({
      kind: 'payment',
      reading: 'skip-empty',
      outTradeNo: '20190824021916',
      eftpayTradeNo: '08520005269190824104101935',
      transactionId: '20190823191819',
      wallet: 'WECHATCN',
      amountCents: 2,
      currency: 'HKD',
      tradeStatus: 'TRADE_SUCCESS',
      paidAt: new Date('2019-08-24T02:41:25Z'),
      tid: 'tid123',
      buyerId: 'buyer-1',
      subject: '测试123',
    });
  });

  it('reads the official refund notification sample (no refund-specific notify_type needed)', () => {
    const parsed = parseNotification(signParams(REFUND, SECRET), SECRET);
    expect(parsed).toMatchObject({
      kind: 'refund',
      outTradeNo: 'rrn_1686280005985',
      refundNo: 'R_rrn_1686280005985',
      eftpayTradeNo: '18520003650610023041t5ruq5va732',
      amountCents: 29,
      originalAmountCents: 29,
      wallet: 'WECHATCN',
      tradeStatus: 'TRADE_CLOSED',
    });
  });

  it('tells a refund from a payment by refund_no when trade_type is absent', () => {
    const { trade_type: _ignored, ...withoutType } = REFUND;
    expect(parseNotification(signParams(withoutType, SECRET), SECRET).kind).toBe('refund');
  });

  it('accepts eft_trade_no alone (§12 #16)', () => {
    const { eftpay_trade_no: _ignored, ...body } = PAYMENT;
    const parsed = parseNotification(signParams({ ...body, eft_trade_no: 'E1' }, SECRET), SECRET);
    expect(parsed).toMatchObject({ kind: 'payment', eftpayTradeNo: 'E1' });
  });

  it('accepts a signature that included an empty field', () => {
    const body = { ...PAYMENT, buyer_id: '' };
    const parsed = parseNotification({ ...body, sign: sign(body, SECRET, 'include-empty') }, SECRET);
    expect(parsed).toMatchObject({ kind: 'payment', reading: 'include-empty' });
  });

  it('verifies before reading anything: a tampered amount is an invalid signature', () => {
    const signed = signParams(PAYMENT, SECRET);
    expect(parseNotification({ ...signed, total_fee: '200.00' }, SECRET)).toEqual({ kind: 'invalid-signature' });
    expect(parseNotification(PAYMENT, SECRET)).toEqual({ kind: 'invalid-signature' });
    expect(parseNotification(signed, 'another-secret')).toEqual({ kind: 'invalid-signature' });
  });

  it('calls a non-object body malformed', () => {
    expect(parseNotification('success', SECRET).kind).toBe('malformed');
    expect(parseNotification(null, SECRET).kind).toBe('malformed');
    expect(parseNotification([PAYMENT], SECRET).kind).toBe('malformed');
  });

  it('calls a signed payment without amount, status or known wallet malformed', () => {
    const { total_fee: _a, ...noAmount } = PAYMENT;
    expect(parseNotification(signParams(noAmount, SECRET), SECRET).kind).toBe('malformed');
    const { trade_status: _b, ...noStatus } = PAYMENT;
    expect(parseNotification(signParams(noStatus, SECRET), SECRET).kind).toBe('malformed');
    expect(parseNotification(signParams({ ...PAYMENT, payment_type: 'OCT' }, SECRET), SECRET).kind).toBe('malformed');
    expect(parseNotification(signParams({ ...PAYMENT, total_fee: '0.001' }, SECRET), SECRET).kind).toBe('malformed');
  });
});

describe('notificationReply (§12 #7)', () => {
  const now = new Date('2023-06-09T03:06:45Z');

  it('is a signed JSON object with return_code success and HK time', () => {
    const reply = notificationReply(true, SECRET, now);
    expect(reply.return_code).toBe('success');
    expect(reply.time).toBe('20230609110645');
    expect(reply.sign).toBe(sign({ return_code: 'success', time: '20230609110645' }, SECRET));
    expect(verify(reply, SECRET).ok).toBe(true);
  });

  it('says false when we could not persist', () => {
    const reply = notificationReply(false, SECRET, now);
    expect(reply.return_code).toBe('false');
    expect(verify(reply, SECRET).ok).toBe(true);
  });
});
