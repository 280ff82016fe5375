// Sections (§) refer to docs/eftpay-gateway.md.

import 'server-only';
import { randomBytes } from 'node:crypto';
import { parseAmountToCents } from '@/lib/money';
import { toGatewayTime } from '../time';
import { isWallet, sameWalletFamily, WALLETS, type Wallet } from '../wallets';
import type { SandboxContext } from './context';
import type { BackdateRequest, PayRequest } from './control-schemas';
import { findOrder, reportedStatus, storedOrder } from './lookup';
import { settleDueRefunds } from './refunds';
import {
  failure,
  type HandlerResult,
  paymentNotificationFields,
  qrRefundFields,
  RETURN_CODES,
  saleFields,
  saleStatusOf,
} from './render';
import type { SandboxOrder } from './state-schema';

/** Sale side of the sandbox: PreOrder, Query, Close (§4.1–§4.3) and the simulated payment. */

/** Close/Query may name the wallet ordered with or the one actually paid with (§12 #17). */
function walletFits(order: SandboxOrder, wallet: Wallet): boolean {
  return wallet === order.wallet || wallet === order.paidWallet;
}

export function preOrder(ctx: SandboxContext, fields: Record<string, string>, wallet: Wallet): HandlerResult {
  const outTradeNo = fields.out_trade_no;
  const amountCents = parseAmountToCents(fields.transaction_amount ?? '');
  // "__proto__" would rewrite the prototype of the orders record instead of adding a key.
  if (!outTradeNo || outTradeNo.length > 28 || outTradeNo === '__proto__') {
    return failure(RETURN_CODES.INVALID_PARAMS, 'invalid out_trade_no');
  }
  if (amountCents === null || amountCents <= 0)
    return failure(RETURN_CODES.INVALID_PARAMS, 'invalid transaction_amount');
  if (!fields.subject) return failure(RETURN_CODES.INVALID_PARAMS, 'missing subject');
  if (storedOrder(ctx.state, outTradeNo)) return failure(RETURN_CODES.DUPLICATE, 'duplicate out_trade_no');
  const now = ctx.now();
  const order: SandboxOrder = {
    outTradeNo,
    eftpayTradeNo: `SBX${toGatewayTime(now)}${randomBytes(4).toString('hex')}`,
    wallet,
    amountCents,
    subject: fields.subject,
    tid: fields.tid,
    notifyUrl: fields.notify_url,
    status: 'unpaid',
    createdAt: now.toISOString(),
    refunds: [],
  };
  ctx.state.orders[outTradeNo] = order;
  ctx.persist();
  return {
    ok: true,
    fields: {
      ...saleFields(ctx, order, saleStatusOf(order)),
      // A reserved .invalid host: obviously not scannable by a real wallet.
      qr_code: `https://qr.sandbox.eftpay.invalid/${order.eftpayTradeNo}`,
    },
    target: { outTradeNo },
  };
}

export function query(ctx: SandboxContext, fields: Record<string, string>, wallet: Wallet): HandlerResult {
  if (fields.querytype !== 'OUT_TRADE') return failure(RETURN_CODES.INVALID_PARAMS, 'querytype must be OUT_TRADE');
  const order = findOrder(ctx, fields.out_trade_no);
  if (!order) return failure(RETURN_CODES.NOT_FOUND, 'order not found');
  if (!walletFits(order, wallet)) return failure(RETURN_CODES.UNSUPPORTED, 'payment_type does not match the order');
  // §4.2: a non-empty refund_no turns the query into a refund query.
  if (fields.refund_no) {
    settleDueRefunds(ctx, order);
    const refund = order.refunds.find((r) => r.refundNo === fields.refund_no);
    if (!refund) return failure(RETURN_CODES.NOT_FOUND, 'refund not found');
    const status = reportedStatus(ctx, refund, refund.status, true);
    return {
      ok: true,
      fields: qrRefundFields(ctx, order, refund, status),
      target: { outTradeNo: order.outTradeNo, refundNo: refund.refundNo },
    };
  }
  const status = reportedStatus(ctx, order, saleStatusOf(order), true);
  return { ok: true, fields: saleFields(ctx, order, status), target: { outTradeNo: order.outTradeNo } };
}

/** §12 #13: unpaid → TRADE_CLOSED; otherwise "00" with the current status, order unchanged. */
export function close(ctx: SandboxContext, fields: Record<string, string>, wallet: Wallet): HandlerResult {
  const order = findOrder(ctx, fields.out_trade_no);
  if (!order) return failure(RETURN_CODES.NOT_FOUND, 'order not found');
  if (!walletFits(order, wallet)) return failure(RETURN_CODES.UNSUPPORTED, 'payment_type does not match the order');
  if (order.status === 'unpaid') {
    order.status = 'closed';
    order.closedAt = ctx.now().toISOString();
    ctx.persist();
  }
  const status = reportedStatus(ctx, order, saleStatusOf(order), false);
  return { ok: true, fields: saleFields(ctx, order, status), target: { outTradeNo: order.outTradeNo } };
}

export type PayResult = { ok: true; order: SandboxOrder } | { ok: false; status: 404 | 409 | 400; error: string };

/** Control API: the customer pays (or fails to). Sends the §4.5 notification unless told not to. */
export function pay(ctx: SandboxContext, outTradeNo: string, input: PayRequest): PayResult {
  const order = findOrder(ctx, outTradeNo);
  if (!order) return { ok: false, status: 404, error: 'order not found' };
  if (order.status !== 'unpaid') return { ok: false, status: 409, error: `order is ${order.status}` };
  const paidWallet = input.wallet ?? order.wallet;
  if (!isWallet(paidWallet) || !sameWalletFamily(paidWallet, order.wallet)) {
    return { ok: false, status: 400, error: 'wallet is not interchangeable with the ordered wallet' };
  }
  const paidAt = input.paidAt ? new Date(input.paidAt) : ctx.now();
  order.status = input.outcome === 'failed' ? 'failed' : 'paid';
  order.paidWallet = paidWallet;
  order.paidAt = paidAt.toISOString();
  order.transactionId = input.transactionId ?? `TXN${toGatewayTime(paidAt)}${randomBytes(5).toString('hex')}`;
  order.buyerId = input.buyerId ?? `buyer-${randomBytes(3).toString('hex')}`;
  ctx.persist();
  const notifies = WALLETS[paidWallet].notifiesPayment && input.notify !== false;
  if (notifies && order.notifyUrl) {
    ctx.enqueueNotification({
      kind: 'payment',
      outTradeNo,
      url: order.notifyUrl,
      fields: paymentNotificationFields(ctx, order),
    });
  }
  return { ok: true, order };
}

export type BackdateResult = { ok: true; order: SandboxOrder } | { ok: false; status: 404 | 400; error: string };

/**
 * Control API: pretend the order was created earlier — the demo's abandoned QR orders and its
 * history over past days. Expiry (§12 #18) then applies from the new time on the next lookup.
 */
export function backdate(ctx: SandboxContext, outTradeNo: string, input: BackdateRequest): BackdateResult {
  const order = storedOrder(ctx.state, outTradeNo);
  if (!order) return { ok: false, status: 404, error: 'order not found' };
  const createdAt = new Date(input.createdAt);
  if (createdAt.getTime() > ctx.now().getTime()) return { ok: false, status: 400, error: 'createdAt is in the future' };
  if (order.paidAt && createdAt.getTime() > new Date(order.paidAt).getTime()) {
    return { ok: false, status: 400, error: 'createdAt is after the payment' };
  }
  order.createdAt = createdAt.toISOString();
  ctx.persist();
  return { ok: true, order };
}
