// Sections (§) refer to docs/eftpay-gateway.md.

import { describe, expect, it } from 'vitest';
import { EftpayInputError, EftpayUnsupportedOperationError } from '@/lib/eftpay/errors';
import { buildClose, buildPreOrder, buildQuery, buildRefund } from '@/lib/eftpay/requests';

const common = { userConfirmKey: '12345678', time: '20190824104052' };

describe('request builders speak eftPay field names exactly', () => {
  it('builds the seed Close request (§4.3) with buyertype others', () => {
    expect(buildClose({ wallet: 'WECHATCN', outTradeNo: '201908241040035' }, common)).toEqual({
      api: 'close',
      endpoint: '/Servlet/JSAPIService.do',
      service: 'service.wechat.qrcode.Close',
      outTradeNo: '201908241040035',
      params: {
        service: 'service.wechat.qrcode.Close',
        user_confirm_key: '12345678',
        out_trade_no: '201908241040035',
        paytype: 'WeChat',
        buyertype: 'others',
        payment_type: 'WECHATCN',
        time: '20190824104052',
      },
    });
  });

  it('refuses Close for wallets without it', () => {
    expect(() => buildClose({ wallet: 'PAYME', outTradeNo: 'T1' }, common)).toThrow(EftpayUnsupportedOperationError);
  });

  it('adds querytype OUT_TRADE and refund_no only for refund queries (§4.2)', () => {
    const sale = buildQuery({ wallet: 'ALIPAYHK', outTradeNo: 'T1' }, common);
    expect(sale.api).toBe('query-order');
    expect(sale.params.querytype).toBe('OUT_TRADE');
    expect(sale.params).not.toHaveProperty('refund_no');
    const refund = buildQuery({ wallet: 'ALIPAYHK', outTradeNo: 'T1', refundNo: 'R1' }, common);
    expect(refund.api).toBe('query-refund');
    expect(refund.params.refund_no).toBe('R1');
  });

  it('builds a PreOrder with the amount from integer cents and no empty fields', () => {
    const built = buildPreOrder(
      { wallet: 'GBPAY', outTradeNo: 'T1', amountCents: 1230, subject: 'Tea', tid: '' },
      common,
    );
    expect(built.params).toEqual({
      service: 'api.service.gbpay.qrcode.cash.PreOrder',
      user_confirm_key: '12345678',
      transaction_amount: '12.30',
      out_trade_no: 'T1',
      subject: 'Tea',
      paytype: 'GBPAY',
      buyertype: 'others',
      payment_type: 'GBPAY',
      time: '20190824104052',
    });
  });

  it('refunds Alipay through AppTradeRefund.do with camelCase buyerType and no notify_url', () => {
    const built = buildRefund(
      {
        wallet: 'ALIPAYHK',
        outTradeNo: 'T1',
        eftpayTradeNo: 'E1',
        refundNo: 'R1',
        amountCents: 61,
        reason: '退款原因',
        notifyUrl: 'https://x/n',
      },
      common,
    );
    expect(built.api).toBe('refund');
    expect(built.endpoint).toBe('/Servlet/AppTradeRefund.do');
    expect(built.params).toEqual({
      user_confirm_key: '12345678',
      return_amount: '0.61',
      out_trade_no: 'T1',
      eft_trade_no: 'E1',
      out_refund_no: 'R1',
      buyerType: 'others',
      reason: '退款原因',
      time: '20190824104052',
    });
  });

  it('refunds WeChat through AppTradeApplyRefund.do with notify_url', () => {
    const built = buildRefund(
      { wallet: 'WECHATHK', outTradeNo: 'T1', refundNo: 'R1', amountCents: 100, notifyUrl: 'https://x/n' },
      common,
    );
    expect(built.api).toBe('apply-refund');
    expect(built.endpoint).toBe('/Servlet/AppTradeApplyRefund.do');
    expect(built.params.notify_url).toBe('https://x/n');
    expect(built.params).not.toHaveProperty('eft_trade_no');
  });

  it('refunds Atome through the QR refund of §4.4 (D2 field set)', () => {
    const built = buildRefund(
      { wallet: 'ATOME', outTradeNo: 'T1', refundNo: 'R1', amountCents: 1, reason: 'kept locally' },
      common,
    );
    expect(built.api).toBe('qr-refund');
    expect(built.params).toEqual({
      service: 'service.atome.v1.qrcode.Refund',
      user_confirm_key: '12345678',
      transaction_amount: '0.01',
      out_trade_no: 'T1',
      refund_no: 'R1',
      paytype: 'ATOME',
      buyertype: 'others',
      payment_type: 'ATOME',
      time: '20190824104052',
    });
  });

  it('refuses an FPS refund with a typed error', () => {
    expect(() => buildRefund({ wallet: 'FPS', outTradeNo: 'T1', refundNo: 'R1', amountCents: 1 }, common)).toThrow(
      /cannot be refunded/,
    );
  });

  it.each([0, -5, 1.5, 10_000_000])('refuses amount %s cents', (amountCents) => {
    expect(() => buildRefund({ wallet: 'ATOME', outTradeNo: 'T1', refundNo: 'R1', amountCents }, common)).toThrow(
      EftpayInputError,
    );
  });

  it('refuses identifiers longer than String(28)', () => {
    expect(() => buildClose({ wallet: 'ATOME', outTradeNo: 'x'.repeat(29) }, common)).toThrow(EftpayInputError);
  });
});
