// Sections (§) refer to docs/eftpay-gateway.md.

import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { WALLET_CODES as PURE_CODES, walletClosable, walletRefundable } from '@/lib/shared/wallets';
import { isWallet, sameWalletFamily, WALLET_CODES, WALLETS } from '@/lib/eftpay/wallets';

// Seed 000 (Close page): the four Close services and their paytype / payment_type.
const SEED_CLOSE = [
  { service: 'service.alipay.qrcode.Close', paytype: 'Alipay', wallets: ['ALIPAYCN', 'ALIPAYHK', 'ALIPAYBOTH'] },
  { service: 'service.wechat.qrcode.Close', paytype: 'WeChat', wallets: ['WECHATCN', 'WECHATHK'] },
  { service: 'service.atome.v1.qrcode.Close', paytype: 'ATOME', wallets: ['ATOME'] },
  { service: 'service.unionpay.qrcode.csb.Close', paytype: 'UnionPay', wallets: ['UNIONPAY'] },
];

describe('wallet table (§4.0, §12 #9)', () => {
  it('has exactly one entry per wallet code', () => {
    expect(Object.keys(WALLETS).sort()).toEqual([...WALLET_CODES].sort());
    expect(WALLET_CODES).toBe(PURE_CODES);
  });

  it('gives every wallet with a Close one of the four Close services of §4.3, with its paytype', () => {
    const withClose = WALLET_CODES.filter((code) => WALLETS[code].services.close !== null);
    expect(withClose.sort()).toEqual(SEED_CLOSE.flatMap((row) => row.wallets).sort());
    for (const row of SEED_CLOSE) {
      for (const code of row.wallets) {
        expect(isWallet(code)).toBe(true);
        if (!isWallet(code)) continue;
        expect(WALLETS[code].services.close).toBe(row.service);
        expect(WALLETS[code].paytype).toBe(row.paytype);
      }
    }
  });

  it('has no Close for GBPAY, PayMe and FPS', () => {
    for (const code of ['GBPAY', 'PAYME', 'FPS'] as const) expect(WALLETS[code].services.close).toBeNull();
  });

  it('refunds Alipay via AppTradeRefund, WeChat via AppTradeApplyRefund, the rest via QR refund, FPS not at all', () => {
    const byApi = Object.fromEntries(WALLET_CODES.map((code) => [code, WALLETS[code].refundApi]));
    expect(byApi).toEqual({
      ALIPAYCN: 'app-refund',
      ALIPAYHK: 'app-refund',
      ALIPAYBOTH: 'app-refund',
      WECHATCN: 'app-apply-refund',
      WECHATHK: 'app-apply-refund',
      ATOME: 'qr-refund',
      UNIONPAY: 'qr-refund',
      GBPAY: 'qr-refund',
      PAYME: 'qr-refund',
      FPS: null,
    });
  });

  it('gives every QR-refunded wallet a QR refund service', () => {
    for (const code of WALLET_CODES) {
      if (WALLETS[code].refundApi === 'qr-refund') expect(WALLETS[code].services.qrRefund).toMatch(/\.Refund$/);
    }
  });

  it('uses the §4.0 service names for PreOrder and Query', () => {
    expect(WALLETS.GBPAY.services.preOrder).toBe('api.service.gbpay.qrcode.cash.PreOrder');
    expect(WALLETS.UNIONPAY.services.query).toBe('service.unionpay.qrcode.csb.Query');
    expect(WALLETS.FPS.services.query).toBe('service.fps.qrcode.Query');
    expect(WALLETS.PAYME.services.qrRefund).toBe('service.payme.qrcode.Refund');
  });

  it('knows that PayMe and FPS send no payment notification (§4.5)', () => {
    const silent = WALLET_CODES.filter((code) => !WALLETS[code].notifiesPayment);
    expect(silent).toEqual(['PAYME', 'FPS']);
  });

  it('agrees with the client-safe wallet rules (lib/shared/wallets.ts) on what can be refunded and closed', () => {
    for (const code of WALLET_CODES) {
      expect(walletRefundable(code), code).toBe(WALLETS[code].refundApi !== null);
      expect(walletClosable(code), code).toBe(WALLETS[code].services.close !== null);
    }
  });

  it('works as a zod enum and a type guard', () => {
    const schema = z.enum(WALLET_CODES);
    expect(schema.parse('FPS')).toBe('FPS');
    expect(schema.safeParse('fps').success).toBe(false);
    expect(isWallet('WECHATHK')).toBe(true);
    expect(isWallet('OCT')).toBe(false);
    expect(isWallet(1)).toBe(false);
  });

  it('treats wallets sharing a paytype as one family (merged WeChat, §12 #17)', () => {
    expect(sameWalletFamily('WECHATCN', 'WECHATHK')).toBe(true);
    expect(sameWalletFamily('ALIPAYBOTH', 'ALIPAYHK')).toBe(true);
    expect(sameWalletFamily('WECHATCN', 'ALIPAYCN')).toBe(false);
  });
});
