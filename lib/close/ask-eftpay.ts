// Sections (§) refer to docs/eftpay-gateway.md.

import 'server-only';
import type { Db } from '@/db/connect';
import { EftpayError } from '@/lib/eftpay/errors';
import { gateway } from '@/lib/eftpay/gateway';
import { orderStateFromSaleStatus } from '@/lib/eftpay/statuses';
import type { GatewayOutcome, OrderAnswer, UnknownReason } from '@/lib/eftpay/types';
import type { Wallet } from '@/lib/shared/wallets';
import { hasCloseService } from './policy';
import { msg } from '@/lib/shared/messages';

/** Which call produced the answer we act on. */
export type CloseStage = 'query' | 'close' | 'confirm';

/**
 * What eftPay said, reduced to what the close verb acts on:
 * - `sale`: a verified answer about the sale (its status may be final or still pending);
 * - `no_close_service`: the wallet eftPay reports has no Close (the sale facts are still worth recording);
 * - `rejected`: a *signed* refusal — eftPay's word that it did not act;
 * - `unknown`: timeout, network, HTTP error, garbled, unsigned or badly signed — it may have acted.
 */
export type EftpayCloseAnswer =
  | { kind: 'sale'; stage: CloseStage; tradeStatus: string; data: OrderAnswer; closeSent: boolean }
  | { kind: 'no_close_service'; tradeStatus: string; data: OrderAnswer; wallet: Wallet }
  | { kind: 'rejected'; stage: CloseStage; returnStatus: string | null; message: string; closeSent: boolean }
  | { kind: 'unknown'; stage: CloseStage; reason: UnknownReason; closeSent: boolean };

const NOT_SENT = msg('errors.close.not_sent');

type Verified = Extract<GatewayOutcome<OrderAnswer>, { kind: 'accepted' }>;

function untrusted(
  outcome: Exclude<GatewayOutcome<OrderAnswer>, Verified>,
  stage: CloseStage,
  closeSent: boolean,
): EftpayCloseAnswer {
  if (outcome.kind === 'rejected' && outcome.signed) {
    return { kind: 'rejected', stage, returnStatus: outcome.returnStatus, message: outcome.message, closeSent };
  }
  // An unsigned rejection proves nothing (§3): it could come from anyone on the way.
  return { kind: 'unknown', stage, reason: outcome.kind === 'unknown' ? outcome.reason : 'unsigned', closeSent };
}

/**
 * The gateway side of closing one order. Never inside a database transaction.
 *
 * 1. Query first: a customer who paid since the list was loaded makes the order paid, not closed,
 *    and an order eftPay already closed (expiry, §12 #18) needs no Close.
 * 2. Close with the wallet eftPay *reports* (§12 #17): a merged WeChat order may have been ordered
 *    as WECHATHK and shown to a WECHATCN customer.
 * 3. A Close answer with a final status is conclusive — TRADE_SUCCESS means the customer paid
 *    first (§4.3), TRADE_CLOSED means closed. Any other status is confirmed with one Query (§12 #13).
 *    An untrustworthy answer is not chased here: the close stays pending on the order and the
 *    reconciler carries it out (pending.ts, finish.ts).
 *
 * `beforeFurtherCall` runs before the Close and before the confirming Query: the caller renews its
 * claim on the order there, so the claim covers one call at a time (lib/jobs/lease.ts).
 */
export async function askEftpayToClose(
  db: Db,
  order: { outTradeNo: string; wallet: Wallet },
  beforeFurtherCall: () => Promise<void> = async () => {},
): Promise<EftpayCloseAnswer> {
  const client = gateway(db);
  const query = await client.queryOrder({ wallet: order.wallet, outTradeNo: order.outTradeNo });
  if (query.kind !== 'accepted') return untrusted(query, 'query', false);
  if (orderStateFromSaleStatus(query.tradeStatus) !== 'unpaid') return sale(query, 'query', false);

  const wallet = query.data.wallet ?? order.wallet;
  if (!hasCloseService(wallet)) {
    return { kind: 'no_close_service', tradeStatus: query.tradeStatus, data: query.data, wallet };
  }
  let close: GatewayOutcome<OrderAnswer>;
  await beforeFurtherCall();
  try {
    close = await client.close({ wallet, outTradeNo: order.outTradeNo });
  } catch (error) {
    // Thrown before anything was sent (typed gateway errors only): nothing happened at eftPay.
    if (error instanceof EftpayError) {
      return { kind: 'rejected', stage: 'close', returnStatus: null, message: NOT_SENT, closeSent: false };
    }
    throw error;
  }
  if (close.kind !== 'accepted') return untrusted(close, 'close', true);
  if (orderStateFromSaleStatus(close.tradeStatus) !== 'unpaid') return sale(close, 'close', true);

  await beforeFurtherCall();
  const confirm = await client.queryOrder({ wallet, outTradeNo: order.outTradeNo });
  if (confirm.kind !== 'accepted') return untrusted(confirm, 'confirm', true);
  return sale(confirm, 'confirm', true);
}

function sale(outcome: Verified, stage: CloseStage, closeSent: boolean): EftpayCloseAnswer {
  return { kind: 'sale', stage, tradeStatus: outcome.tradeStatus, data: outcome.data, closeSent };
}
