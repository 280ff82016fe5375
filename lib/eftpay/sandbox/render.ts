// Sections (§) refer to docs/eftpay-gateway.md.

import 'server-only';
import { centsToAmount } from '@/lib/money';
import { signParams } from '../sign';
import { toGatewayTime, toTradeTime } from '../time';
import { WALLETS } from '../wallets';
import type { SandboxContext } from './context';
import type { SandboxOrder, SandboxRefund } from './state-schema';

/**
 * Answer and notification bodies of the sandbox, field names as on the eftPay pages. Every body
 * the sandbox sends is signed, except the bad-signature rejection (§10, §3).
 */

/** Placeholder Appendix 3 codes (§12 #15) — ours, not eftPay's. 06 is our own addition. */
export const RETURN_CODES = {
  OK: '00',
  INVALID_PARAMS: '01',
  BAD_SIGNATURE: '02',
  NOT_FOUND: '03',
  DUPLICATE: '04',
  EXCEEDS_REFUNDABLE: '05',
  UNSUPPORTED: '06',
  SYSTEM: '99',
} as const;

export type ReturnCode = (typeof RETURN_CODES)[keyof typeof RETURN_CODES];

export type HandlerResult =
  | { ok: true; fields: Record<string, string>; target?: { outTradeNo: string; refundNo?: string } }
  | { ok: false; code: ReturnCode; message: string };

export function failure(code: ReturnCode, message: string): HandlerResult {
  return { ok: false, code, message };
}

const CURRENCY = 'HKD';

function compact(fields: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

export function signBody(
  ctx: Pick<SandboxContext, 'settings' | 'now'>,
  fields: Record<string, string>,
): Record<string, string> {
  return signParams({ ...fields, time: toGatewayTime(ctx.now()) }, ctx.settings.secretCode, ctx.settings.answerSigning);
}

/** Envelope of §3: success answers carry return_char "" like the official samples. */
export function renderAnswer(ctx: SandboxContext, result: HandlerResult): Record<string, string> {
  if (result.ok) return signBody(ctx, { return_status: RETURN_CODES.OK, return_char: '', ...result.fields });
  if (result.code === RETURN_CODES.BAD_SIGNATURE) {
    // No time/sign: we cannot claim to speak for a merchant whose signature failed (§10).
    return { return_status: result.code, return_char: result.message };
  }
  return signBody(ctx, { return_status: result.code, return_char: result.message });
}

export function saleStatusOf(order: SandboxOrder): string {
  switch (order.status) {
    case 'paid':
      return 'TRADE_SUCCESS';
    case 'closed':
      return 'TRADE_CLOSED';
    case 'failed':
      return 'TRADE_FAIL';
    default:
      // §12 #14: the unpaid status name is undocumented; the sandbox says TRADE_PROCESSING.
      return 'TRADE_PROCESSING';
  }
}

/** Sale answer of Query / Close (§4.2, §4.3 response table). */
export function saleFields(ctx: SandboxContext, order: SandboxOrder, tradeStatus: string): Record<string, string> {
  return compact({
    out_trade_no: order.outTradeNo,
    eftpay_trade_no: order.eftpayTradeNo,
    trade_status: tradeStatus,
    user_confirm_key: ctx.settings.userConfirmKey,
    trade_type: 'SALE',
    buyer_id: order.buyerId,
    tid: order.tid,
    transaction_id: order.transactionId,
    payment_type: order.paidWallet ?? order.wallet,
    trade_time: toTradeTime(new Date(order.paidAt ?? order.createdAt)),
    transaction_amount: centsToAmount(order.amountCents),
    currency: CURRENCY,
  });
}

/** Refund answer of the QR scene: QR Refund and Query with refund_no (§4.2, §4.4). */
export function qrRefundFields(
  ctx: SandboxContext,
  order: SandboxOrder,
  refund: SandboxRefund,
  tradeStatus: string,
): Record<string, string> {
  return compact({
    out_trade_no: order.outTradeNo,
    refund_no: refund.refundNo,
    eftpay_trade_no: order.eftpayTradeNo,
    trade_status: tradeStatus,
    user_confirm_key: ctx.settings.userConfirmKey,
    trade_type: 'REFUND',
    tid: order.tid,
    transaction_id: order.transactionId,
    payment_type: order.paidWallet ?? order.wallet,
    trade_time: toTradeTime(new Date(refund.finalAt ?? refund.createdAt)),
    transaction_amount: centsToAmount(refund.amountCents),
    original_amount: centsToAmount(order.amountCents),
    currency: CURRENCY,
  });
}

/** AppTradeRefund.do / AppTradeApplyRefund.do answer (§5.1 and its sample). */
export function appRefundFields(
  ctx: SandboxContext,
  order: SandboxOrder,
  refund: SandboxRefund,
  tradeStatus: string,
  buyerType: string,
): Record<string, string> {
  const wallet = order.paidWallet ?? order.wallet;
  return compact({
    out_trade_no: order.outTradeNo,
    out_refund_no: refund.refundNo,
    eft_trade_no: order.eftpayTradeNo,
    trade_status: tradeStatus,
    refund_time: toGatewayTime(new Date(refund.finalAt ?? refund.createdAt)),
    user_confirm_key: ctx.settings.userConfirmKey,
    payType: WALLETS[wallet].paytype,
    buyerType,
    wallet,
    fee_type: CURRENCY,
    return_amount: centsToAmount(refund.amountCents),
    total_fee: centsToAmount(order.amountCents),
    tid: order.tid,
  });
}

/** QR payment notification, §4.5 field set (plus the GBPAY / UnionPay extras). */
export function paymentNotificationFields(ctx: SandboxContext, order: SandboxOrder): Record<string, string> {
  const wallet = order.paidWallet ?? order.wallet;
  const total = centsToAmount(order.amountCents);
  const extras =
    wallet === 'GBPAY'
      ? { rate: '1.0000', actual_total_fee: total, actual_total_fee_type: CURRENCY }
      : wallet === 'UNIONPAY'
        ? { payment_amount: total, cost_amount: total, uplan_discount: '0.00', amount_discount: '0.00' }
        : {};
  return compact({
    trade_type: 'SALE',
    user_confirm_key: ctx.settings.userConfirmKey,
    transaction_id: order.transactionId,
    out_trade_no: order.outTradeNo,
    subject: order.subject,
    total_fee: total,
    currency: CURRENCY,
    trade_status: saleStatusOf(order),
    gmt_payment: order.paidAt ? toTradeTime(new Date(order.paidAt)) : undefined,
    payment_type: wallet,
    buyer_id: order.buyerId,
    tid: order.tid,
    eftpay_trade_no: order.eftpayTradeNo,
    ...extras,
  });
}

/** Refund notification, §5.3 field set (both trade-number spellings, like the official sample). */
export function refundNotificationFields(
  ctx: SandboxContext,
  order: SandboxOrder,
  refund: SandboxRefund,
): Record<string, string> {
  return compact({
    notify_type: 'trade_status_sync',
    trade_type: 'REFUND',
    user_confirm_key: ctx.settings.userConfirmKey,
    trade_no: order.transactionId,
    transaction_id: order.transactionId,
    out_trade_no: order.outTradeNo,
    eft_trade_no: order.eftpayTradeNo,
    eftpay_trade_no: order.eftpayTradeNo,
    total_fee: centsToAmount(order.amountCents),
    currency: CURRENCY,
    return_amount: centsToAmount(refund.amountCents),
    refund_no: refund.refundNo,
    trade_status: refund.status,
    gmt_payment: order.paidAt ? toTradeTime(new Date(order.paidAt)) : undefined,
    wallet: order.paidWallet ?? order.wallet,
    tid: order.tid,
  });
}
