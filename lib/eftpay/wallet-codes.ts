/**
 * eftPay wallet codes (`payment_type`, API.md §4.0 and §6.4). Kept apart from the wallet table so
 * the database schema can import the list without pulling in the gateway client.
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

export type WalletCode = (typeof WALLET_CODES)[number];
