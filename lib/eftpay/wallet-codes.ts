/**
 * eftPay wallet codes (`payment_type`, docs/eftpay-gateway.md §4.0 / §6.4) on their own, dependency-free, so the
 * database schema and zod enums can import them without pulling in the gateway code.
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

/** Alias of `Wallet` for code that reads better with the longer name. */
export type WalletCode = Wallet;
