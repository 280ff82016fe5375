// Sections (§) refer to docs/eftpay-gateway.md.

import 'server-only';
import { parseAmountToCents } from '@/lib/money';
import { type RefundApi, WALLETS, type Wallet } from '../wallets';
import { addMs, type SandboxContext } from './context';
import { findOrder, reportedStatus, storedOrder } from './lookup';
import {
  appRefundFields,
  failure,
  type HandlerResult,
  qrRefundFields,
  RETURN_CODES,
  refundNotificationFields,
} from './render';
import type { SandboxOrder, SandboxRefund } from './state-schema';

/**
 * Refunds (§4.4, §5.1, §12 #9–#12): partial refunds up to the paid amount; TRADE_REFUND while
 * something remains, TRADE_CLOSED once the refunds total the sale; refund_no is the idempotency key.
 */

const BUYER_TYPES = new Set(['ios', 'android', 'others']);

/** Makes every refund whose delay has passed final; sends its notification if one is due. */
export function settleDueRefunds(ctx: SandboxContext, order: SandboxOrder): void {
  for (const refund of order.refunds) {
    const pending = refund.pendingFinal;
    if (!pending || new Date(pending.at).getTime() > ctx.now().getTime()) continue;
    refund.status = pending.status;
    refund.finalAt = ctx.now().toISOString();
    refund.pendingFinal = undefined;
    ctx.persist();
    const url = refund.notifyUrl ?? order.notifyUrl;
    if (pending.notify && url) {
      ctx.enqueueNotification({
        kind: 'refund',
        outTradeNo: order.outTradeNo,
        refundNo: refund.refundNo,
        url,
        fields: refundNotificationFields(ctx, order, refund),
      });
    }
  }
}

/** Arms a timer that settles the order's refunds when `at` comes (also done lazily on access). */
export function scheduleSettlement(ctx: SandboxContext, outTradeNo: string, at: string, rearms = 5): void {
  ctx.timers.schedule(new Date(at).getTime() - ctx.now().getTime(), () => {
    const order = storedOrder(ctx.state, outTradeNo);
    if (!order) return;
    settleDueRefunds(ctx, order);
    // Timers run on the monotonic clock and can fire a millisecond before the wall clock reaches
    // `at`; without re-arming, such a refund (and its notification) waited for the next lookup.
    const early = order.refunds.some((r) => r.pendingFinal?.at === at);
    if (early && rearms > 0) scheduleSettlement(ctx, outTradeNo, at, rearms - 1);
  });
}

interface RefundArgs {
  order: SandboxOrder;
  refundNo: string | undefined;
  amountText: string | undefined;
  api: RefundApi;
  reason?: string;
  notifyUrl?: string;
  /** Answer APPLY_SUCCESS now; become final (and notify) after delayMs. */
  deferMs?: number;
}

type RefundResult = { ok: true; refund: SandboxRefund } | { ok: false; result: HandlerResult };

function createRefund(ctx: SandboxContext, args: RefundArgs): RefundResult {
  const { order } = args;
  const amountCents = parseAmountToCents(args.amountText ?? '');
  const refundNo = args.refundNo;
  if (!refundNo || refundNo.length > 28)
    return { ok: false, result: failure(RETURN_CODES.INVALID_PARAMS, 'invalid refund number') };
  if (amountCents === null || amountCents <= 0)
    return { ok: false, result: failure(RETURN_CODES.INVALID_PARAMS, 'invalid refund amount') };
  settleDueRefunds(ctx, order);
  const existing = order.refunds.find((r) => r.refundNo === refundNo);
  if (existing) {
    // §12 #10: the same refund number with the same amount is a retry, not a new refund.
    if (existing.amountCents === amountCents) return { ok: true, refund: existing };
    return { ok: false, result: failure(RETURN_CODES.DUPLICATE, 'refund number already used with another amount') };
  }
  const usedElsewhere = Object.values(ctx.state.orders).some(
    (other) => other !== order && other.refunds.some((r) => r.refundNo === refundNo),
  );
  if (usedElsewhere) return { ok: false, result: failure(RETURN_CODES.DUPLICATE, 'refund number already used') };
  if (order.status !== 'paid')
    return { ok: false, result: failure(RETURN_CODES.EXCEEDS_REFUNDABLE, 'order is not paid') };
  const refunded = order.refunds.filter((r) => r.status !== 'TRADE_FAIL').reduce((sum, r) => sum + r.amountCents, 0);
  if (refunded + amountCents > order.amountCents) {
    return { ok: false, result: failure(RETURN_CODES.EXCEEDS_REFUNDABLE, 'amount exceeds the refundable remainder') };
  }
  const finalStatus = refunded + amountCents === order.amountCents ? 'TRADE_CLOSED' : 'TRADE_REFUND';
  const now = ctx.now();
  const refund: SandboxRefund = {
    refundNo,
    amountCents,
    api: args.api,
    reason: args.reason,
    notifyUrl: args.notifyUrl,
    status: args.deferMs === undefined ? finalStatus : 'APPLY_SUCCESS',
    createdAt: now.toISOString(),
    ...(args.deferMs === undefined
      ? { finalAt: now.toISOString() }
      : { pendingFinal: { status: finalStatus, at: addMs(now, args.deferMs), notify: true } }),
  };
  order.refunds.push(refund);
  ctx.persist();
  if (refund.pendingFinal) scheduleSettlement(ctx, order.outTradeNo, refund.pendingFinal.at);
  return { ok: true, refund };
}

function target(order: SandboxOrder, refund: SandboxRefund) {
  return { outTradeNo: order.outTradeNo, refundNo: refund.refundNo };
}

/**
 * AppTradeRefund.do / AppTradeApplyRefund.do (§5.1). Only Alipay and WeChat are served here; the
 * apply variant defers WeChat refunds to a notification and acts like a plain refund for Alipay.
 */
export function appRefund(
  ctx: SandboxContext,
  fields: Record<string, string>,
  options: { apply: boolean; deferMs?: number },
): HandlerResult {
  const buyerType = fields.buyerType;
  if (!buyerType || !BUYER_TYPES.has(buyerType)) return failure(RETURN_CODES.INVALID_PARAMS, 'invalid buyerType');
  // Seed 002 tips: eft_trade_no has priority over out_trade_no.
  const order = fields.eft_trade_no
    ? Object.values(ctx.state.orders).find((o) => o.eftpayTradeNo === fields.eft_trade_no)
    : findOrder(ctx, fields.out_trade_no);
  if (!order) return failure(RETURN_CODES.NOT_FOUND, 'order not found');
  const paytype = WALLETS[order.paidWallet ?? order.wallet].paytype;
  if (paytype !== 'Alipay' && paytype !== 'WeChat') {
    return failure(RETURN_CODES.UNSUPPORTED, 'this refund interface serves Alipay and WeChat only');
  }
  const deferMs =
    options.deferMs ?? (options.apply && paytype === 'WeChat' ? ctx.settings.applyRefundNotifyDelayMs : undefined);
  const created = createRefund(ctx, {
    order,
    refundNo: fields.out_refund_no,
    amountText: fields.return_amount,
    api: options.apply ? 'app-apply-refund' : 'app-refund',
    reason: fields.reason,
    notifyUrl: options.apply ? fields.notify_url : undefined,
    deferMs,
  });
  if (!created.ok) return created.result;
  const status = reportedStatus(ctx, created.refund, created.refund.status, false);
  return {
    ok: true,
    fields: appRefundFields(ctx, order, created.refund, status, buyerType),
    target: target(order, created.refund),
  };
}

/** QR-scene refund on JSAPIService.do (§4.4): payment_type must be the wallet actually paid with. */
export function qrRefund(
  ctx: SandboxContext,
  fields: Record<string, string>,
  wallet: Wallet,
  options: { deferMs?: number },
): HandlerResult {
  const order = findOrder(ctx, fields.out_trade_no);
  if (!order) return failure(RETURN_CODES.NOT_FOUND, 'order not found');
  if ((order.paidWallet ?? order.wallet) !== wallet) {
    return failure(RETURN_CODES.UNSUPPORTED, 'payment_type does not match the wallet of the sale');
  }
  const created = createRefund(ctx, {
    order,
    refundNo: fields.refund_no,
    amountText: fields.transaction_amount,
    api: 'qr-refund',
    deferMs: options.deferMs,
  });
  if (!created.ok) return created.result;
  const status = reportedStatus(ctx, created.refund, created.refund.status, false);
  return {
    ok: true,
    fields: qrRefundFields(ctx, order, created.refund, status),
    target: target(order, created.refund),
  };
}
