// Sections (§) refer to docs/eftpay-gateway.md.

import 'server-only';
import { z } from 'zod';
import { parseAmountToCents } from '@/lib/money';
import { parseGatewayTime, parseTradeTime } from './time';
import type { OrderAnswer, PreOrderAnswer, RefundAnswer } from './types';
import { isWallet } from './wallets';

/**
 * Answer bodies → domain data. Unknown extra fields are allowed (§1: eftPay may add parameters).
 * Amounts are strict (an unreadable amount makes the answer untrustworthy); times are lenient
 * (the QR answer tables were cut off, §4.2 — a format surprise must not block order state).
 */

/**
 * A received JSON object as the flat string map that was signed: numbers/booleans stringified,
 * null/"" dropped (an empty value carries nothing, §12 #1). Null when a value is an object/array.
 */
export function toStringFields(body: Readonly<Record<string, unknown>>): Record<string, string> | null {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(body)) {
    if (typeof value === 'string') {
      if (value !== '') out[name] = value;
    } else if (typeof value === 'number' || typeof value === 'boolean') {
      out[name] = String(value);
    } else if (value !== null && value !== undefined) {
      return null;
    }
  }
  return out;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const amountField = z.string().transform((text, ctx) => {
  const cents = parseAmountToCents(text);
  if (cents === null) {
    ctx.addIssue({ code: 'custom', message: `malformed amount "${text}"` });
    return z.NEVER;
  }
  return cents;
});

export const tradeTimeField = z.string().transform((text) => parseTradeTime(text) ?? undefined);
const gatewayTimeField = z.string().transform((text) => parseGatewayTime(text) ?? undefined);

const optional = <T extends z.ZodType>(schema: T) => schema.optional();

const saleFields = z.looseObject({
  out_trade_no: optional(z.string()),
  // QR scene says eftpay_trade_no, app scene eft_trade_no (§8 #2, §12 #16).
  eftpay_trade_no: optional(z.string()),
  eft_trade_no: optional(z.string()),
  transaction_id: optional(z.string()),
  payment_type: optional(z.string()),
  wallet: optional(z.string()),
  tid: optional(z.string()),
  transaction_amount: optional(amountField),
  currency: optional(z.string()),
  trade_time: optional(tradeTimeField),
  buyer_id: optional(z.string()),
  qr_code: optional(z.string()),
});

const refundFields = z.looseObject({
  out_trade_no: optional(z.string()),
  refund_no: optional(z.string()),
  out_refund_no: optional(z.string()),
  eftpay_trade_no: optional(z.string()),
  eft_trade_no: optional(z.string()),
  // App scene: return_amount / total_fee (§5.1). QR refund query: transaction_amount /
  // original_amount (§4.2).
  return_amount: optional(amountField),
  transaction_amount: optional(amountField),
  total_fee: optional(amountField),
  original_amount: optional(amountField),
  refund_time: optional(gatewayTimeField),
  trade_time: optional(tradeTimeField),
});

export type ParsedAnswer<T> = { ok: true; data: T } | { ok: false; issue: string };

function issueOf(error: z.ZodError): string {
  const first = error.issues[0];
  return first ? `${first.path.join('.') || 'answer'}: ${first.message}` : 'invalid answer';
}

/** An answer about another order than the one we asked for is not evidence about ours. */
function echoed(name: string, received: string | undefined, requested: string): ParsedAnswer<string> {
  if (received !== undefined && received !== requested) {
    return { ok: false, issue: `${name} in the answer does not match the request` };
  }
  return { ok: true, data: requested };
}

export function parseOrderAnswer(fields: Record<string, string>, outTradeNo: string): ParsedAnswer<OrderAnswer> {
  const parsed = saleFields.safeParse(fields);
  if (!parsed.success) return { ok: false, issue: issueOf(parsed.error) };
  const f = parsed.data;
  const no = echoed('out_trade_no', f.out_trade_no, outTradeNo);
  if (!no.ok) return no;
  const walletCode = f.payment_type ?? f.wallet;
  return {
    ok: true,
    data: {
      outTradeNo: no.data,
      eftpayTradeNo: f.eftpay_trade_no ?? f.eft_trade_no,
      transactionId: f.transaction_id,
      wallet: isWallet(walletCode) ? walletCode : undefined,
      tid: f.tid,
      amountCents: f.transaction_amount,
      currency: f.currency,
      tradeTime: f.trade_time,
      buyerId: f.buyer_id,
    },
  };
}

export function parsePreOrderAnswer(fields: Record<string, string>, outTradeNo: string): ParsedAnswer<PreOrderAnswer> {
  const parsed = saleFields.safeParse(fields);
  if (!parsed.success) return { ok: false, issue: issueOf(parsed.error) };
  const no = echoed('out_trade_no', parsed.data.out_trade_no, outTradeNo);
  if (!no.ok) return no;
  return {
    ok: true,
    data: {
      outTradeNo: no.data,
      eftpayTradeNo: parsed.data.eftpay_trade_no ?? parsed.data.eft_trade_no,
      qrCode: parsed.data.qr_code,
    },
  };
}

export function parseRefundAnswer(
  fields: Record<string, string>,
  requested: { outTradeNo: string; refundNo: string },
): ParsedAnswer<RefundAnswer> {
  const parsed = refundFields.safeParse(fields);
  if (!parsed.success) return { ok: false, issue: issueOf(parsed.error) };
  const f = parsed.data;
  const no = echoed('out_trade_no', f.out_trade_no, requested.outTradeNo);
  if (!no.ok) return no;
  const refundNo = echoed('refund_no', f.refund_no ?? f.out_refund_no, requested.refundNo);
  if (!refundNo.ok) return refundNo;
  return {
    ok: true,
    data: {
      outTradeNo: no.data,
      refundNo: refundNo.data,
      eftpayTradeNo: f.eftpay_trade_no ?? f.eft_trade_no,
      amountCents: f.return_amount ?? f.transaction_amount,
      originalAmountCents: f.total_fee ?? f.original_amount,
      refundTime: f.refund_time ?? f.trade_time,
    },
  };
}
