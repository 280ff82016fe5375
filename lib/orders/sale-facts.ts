import 'server-only';
import type { OrderAnswer } from '@/lib/eftpay/types';
import type { Wallet } from '@/lib/shared/wallets';
import type { SaleFacts } from './ingest';

/** A Query answer about a sale, as the facts `ingestSale` records. */
export function saleFactsFromQuery(
  answer: OrderAnswer,
  tradeStatus: string,
  fallback: { wallet: Wallet; amountCents?: number },
): SaleFacts | null {
  const amountCents = answer.amountCents ?? fallback.amountCents;
  if (amountCents === undefined) return null;
  return {
    outTradeNo: answer.outTradeNo,
    eftpayTradeNo: answer.eftpayTradeNo,
    transactionId: answer.transactionId,
    wallet: answer.wallet ?? fallback.wallet,
    tid: answer.tid,
    amountCents,
    currency: answer.currency,
    tradeStatus,
    paidAt: tradeStatus === 'TRADE_SUCCESS' ? answer.tradeTime : undefined,
    buyerId: answer.buyerId,
    createdAt: answer.tradeTime,
    walletReported: answer.wallet !== undefined,
  };
}
