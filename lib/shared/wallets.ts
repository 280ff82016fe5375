/**
 * The wallets a customer can pay with (eftPay's `payment_type` codes, docs/eftpay-gateway.md §4.0,
 * §6.4) and the two rules the console applies to them. Client-safe: no gateway service names here —
 * those stay in the server-only gateway table (lib/eftpay/wallets.ts), which is checked against
 * these rules by a unit test. Names shown to people come from the `labels.wallet` catalogue.
 */
export const WALLET_CODES = [
  'ALIPAYCN',
  'ALIPAYHK',
  'ALIPAYBOTH',
  'WECHATCN',
  'WECHATHK',
  'ATOME',
  'UNIONPAY',
  'GBPAY',
  'PAYME',
  'FPS',
] as const;

export type Wallet = (typeof WALLET_CODES)[number];

interface WalletRules {
  /** eftPay can refund its payments (FPS cannot: docs/eftpay-gateway.md §4.0, §12 #11). */
  readonly refundable: boolean;
  /** eftPay has a Close service for its unpaid QR orders (not GBPAY, PayMe, FPS: docs/eftpay-gateway.md §4.3). */
  readonly closable: boolean;
}

const RULES: Readonly<Record<Wallet, WalletRules>> = {
  ALIPAYCN: { refundable: true, closable: true },
  ALIPAYHK: { refundable: true, closable: true },
  ALIPAYBOTH: { refundable: true, closable: true },
  WECHATCN: { refundable: true, closable: true },
  WECHATHK: { refundable: true, closable: true },
  ATOME: { refundable: true, closable: true },
  UNIONPAY: { refundable: true, closable: true },
  GBPAY: { refundable: true, closable: false },
  PAYME: { refundable: true, closable: false },
  FPS: { refundable: false, closable: false },
};

export function isWallet(value: unknown): value is Wallet {
  return typeof value === 'string' && (WALLET_CODES as readonly string[]).includes(value);
}

/** Whether eftPay can refund a payment made with this wallet. */
export function walletRefundable(wallet: Wallet): boolean {
  return RULES[wallet].refundable;
}

/** Whether eftPay can close an unpaid QR order of this wallet. */
export function walletClosable(wallet: Wallet): boolean {
  return RULES[wallet].closable;
}
