// Sections (§) refer to docs/eftpay-gateway.md.

/**
 * The one wallet table (docs/architecture.md "The gateway"). Service names, paytypes and payment_type codes are
 * copied from docs/eftpay-gateway.md §4.0 (Close: the §4.3 sample); the refund API per wallet is our choice from
 * §12 #9 and can change here without touching callers.
 */

import 'server-only';
import { isWallet, WALLET_CODES, type Wallet } from '@/lib/shared/wallets';

export { isWallet, WALLET_CODES, type Wallet };

/**
 * - `app-refund`: AppTradeRefund.do (§5.1), synchronous result.
 * - `app-apply-refund`: AppTradeApplyRefund.do with notify_url — WeChat; result by notification.
 * - `qr-refund`: JSAPIService.do + service.*.qrcode.Refund (§4.4) for wallets the app scene does not serve.
 */
export type RefundApi = 'app-refund' | 'app-apply-refund' | 'qr-refund';

export interface WalletInfo {
  /** `paytype` of the QR scene (§4.0), case-sensitive: it is signed. */
  readonly paytype: string;
  readonly services: {
    readonly preOrder: string;
    readonly query: string;
    /** null: the wallet has no Close service (§4.3: GBPAY, PayMe, FPS). */
    readonly close: string | null;
    /** null: no QR-scene refund service (FPS). */
    readonly qrRefund: string | null;
  };
  /** null: the wallet cannot be refunded through eftPay at all (FPS, §4.0 / §12 #11). */
  readonly refundApi: RefundApi | null;
  /** PAYME and FPS send no payment notification — poll Query (§4.5, §12 #8). */
  readonly notifiesPayment: boolean;
}

const ALIPAY_SERVICES = {
  preOrder: 'service.alipay.qrcode.PreOrder',
  query: 'service.alipay.qrcode.Query',
  close: 'service.alipay.qrcode.Close',
  qrRefund: 'service.alipay.qrcode.Refund',
} as const;

const WECHAT_SERVICES = {
  preOrder: 'service.wechat.qrcode.PreOrder',
  query: 'service.wechat.qrcode.Query',
  close: 'service.wechat.qrcode.Close',
  qrRefund: 'service.wechat.qrcode.Refund',
} as const;

export const WALLETS: Readonly<Record<Wallet, WalletInfo>> = {
  ALIPAYCN: {
    paytype: 'Alipay',
    services: ALIPAY_SERVICES,
    refundApi: 'app-refund',
    notifiesPayment: true,
  },
  ALIPAYHK: {
    paytype: 'Alipay',
    services: ALIPAY_SERVICES,
    refundApi: 'app-refund',
    notifiesPayment: true,
  },
  // One QR that both the mainland Alipay app and AlipayHK can scan (§4.0 wallet notes).
  ALIPAYBOTH: {
    paytype: 'Alipay',
    services: ALIPAY_SERVICES,
    refundApi: 'app-refund',
    notifiesPayment: true,
  },
  WECHATCN: {
    paytype: 'WeChat',
    services: WECHAT_SERVICES,
    refundApi: 'app-apply-refund',
    notifiesPayment: true,
  },
  WECHATHK: {
    paytype: 'WeChat',
    services: WECHAT_SERVICES,
    refundApi: 'app-apply-refund',
    notifiesPayment: true,
  },
  ATOME: {
    paytype: 'ATOME',
    services: {
      preOrder: 'service.atome.v1.qrcode.PreOrder',
      query: 'service.atome.v1.qrcode.Query',
      close: 'service.atome.v1.qrcode.Close',
      qrRefund: 'service.atome.v1.qrcode.Refund',
    },
    refundApi: 'qr-refund',
    notifiesPayment: true,
  },
  UNIONPAY: {
    paytype: 'UnionPay',
    services: {
      preOrder: 'service.unionpay.qrcode.csb.PreOrder',
      query: 'service.unionpay.qrcode.csb.Query',
      close: 'service.unionpay.qrcode.csb.Close',
      qrRefund: 'service.unionpay.qrcode.csb.Refund',
    },
    refundApi: 'qr-refund',
    notifiesPayment: true,
  },
  GBPAY: {
    paytype: 'GBPAY',
    services: {
      preOrder: 'api.service.gbpay.qrcode.cash.PreOrder',
      query: 'api.service.gbpay.qrcode.cash.Query',
      close: null,
      qrRefund: 'api.service.gbpay.qrcode.cash.Refund',
    },
    refundApi: 'qr-refund',
    notifiesPayment: true,
  },
  PAYME: {
    paytype: 'PAYME',
    services: {
      preOrder: 'service.payme.qrcode.PreOrder',
      query: 'service.payme.qrcode.Query',
      close: null,
      qrRefund: 'service.payme.qrcode.Refund',
    },
    refundApi: 'qr-refund',
    notifiesPayment: false,
  },
  FPS: {
    paytype: 'FPS',
    services: {
      preOrder: 'service.fps.qrcode.PreOrder',
      query: 'service.fps.qrcode.Query',
      close: null,
      qrRefund: null,
    },
    refundApi: null,
    notifiesPayment: false,
  },
};

/**
 * Wallets that share a paytype can stand in for each other at payment time: a merged-wallet WeChat
 * merchant may be paid with WECHATCN for a WECHATHK order, ALIPAYBOTH is paid by either Alipay app
 * (§4.0 notes). Close/Refund must then use the wallet actually reported (§12 #17).
 */
export function sameWalletFamily(a: Wallet, b: Wallet): boolean {
  return WALLETS[a].paytype === WALLETS[b].paytype;
}
