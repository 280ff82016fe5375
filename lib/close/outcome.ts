import 'server-only';
import type { Wallet } from '@/lib/shared/wallets';
import type { OrderStatus } from '@/lib/orders/view';
import type { CannotCloseWhy } from './policy';

/**
 * What became of one order in a close request — plain and serialisable, for the browser.
 * - `closed`: eftPay reports the order closed (by our Close, or it already was).
 * - `already_paid`: the customer paid first; the order is now recorded as paid, not closed
 *   (docs/eftpay-gateway.md §4.3).
 * - `cannot_close`: refused before eftPay was asked to close (`status` when `not_unpaid`).
 * - `failed`: eftPay refused with a signed answer; `message` is eftPay's own words.
 * - `unknown`: no trustworthy answer; the order stays unpaid, the close pending, and the reconciler
 *   soon asks eftPay again and carries the close out (finish.ts).
 */
export type CloseOutcome = { orderId: string; outTradeNo: string | null } & (
  | { result: 'closed' }
  | { result: 'already_paid'; status: OrderStatus }
  | { result: 'cannot_close'; why: CannotCloseWhy; status?: OrderStatus; wallet?: Wallet }
  | { result: 'failed'; returnStatus: string | null; message: string }
  | { result: 'unknown'; reason: string }
);
