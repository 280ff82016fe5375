// Sections (§) refer to docs/eftpay-gateway.md.

import 'server-only';
import { centsToAmount } from '@/lib/money';
import { EftpayInputError, EftpayUnsupportedOperationError } from './errors';
import { compactParams } from './sign';
import type { GatewayApi } from './types';
import { WALLETS, type Wallet } from './wallets';

/**
 * Builders of the unsigned request bodies. This file and answers.ts are where our domain names
 * become eftPay field names. Field names are case-sensitive and signed, so each follows its scene
 * page exactly: QR scene lower-case (`buyertype`, §4), app scene camelCase `buyerType` (§5.1, §8 #1).
 */

/** Paths relative to the base URL (`{domain}` of §1, e.g. https://vmp.eftpay.com.cn/VMP). */
const ENDPOINTS = {
  jsapi: '/Servlet/JSAPIService.do',
  appRefund: '/Servlet/AppTradeRefund.do',
  appApplyRefund: '/Servlet/AppTradeApplyRefund.do',
} as const;

/** We are a server-side console, not a phone: `others` (§4.1; §8 #12 — not RSM's `other`). */
const BUYER_TYPE = 'others';

export interface BuiltRequest {
  api: GatewayApi;
  endpoint: string;
  service?: string;
  outTradeNo: string;
  refundNo?: string;
  params: Record<string, string>;
}

interface Common {
  userConfirmKey: string;
  time: string;
}

function text(name: string, value: string, max: number): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > max) {
    throw new EftpayInputError(`${name} must be 1 to ${max} characters`);
  }
  return value;
}

function optionalText(name: string, value: string | undefined, max: number): string | undefined {
  return value === undefined || value === '' ? undefined : text(name, value, max);
}

function amount(amountCents: number): string {
  if (!Number.isSafeInteger(amountCents) || amountCents <= 0) {
    throw new EftpayInputError('amount must be a positive integer number of cents');
  }
  try {
    return centsToAmount(amountCents);
  } catch {
    throw new EftpayInputError('amount does not fit the gateway amount field');
  }
}

function qrWalletFields(wallet: Wallet) {
  return { paytype: WALLETS[wallet].paytype, buyertype: BUYER_TYPE, payment_type: wallet };
}

export interface PreOrderInput {
  wallet: Wallet;
  outTradeNo: string;
  amountCents: number;
  subject: string;
  tid?: string;
  notifyUrl?: string;
}

export function buildPreOrder(input: PreOrderInput, common: Common): BuiltRequest {
  const service = WALLETS[input.wallet].services.preOrder;
  const outTradeNo = text('outTradeNo', input.outTradeNo, 28);
  return {
    api: 'preorder',
    endpoint: ENDPOINTS.jsapi,
    service,
    outTradeNo,
    params: compactParams({
      service,
      user_confirm_key: common.userConfirmKey,
      transaction_amount: amount(input.amountCents),
      out_trade_no: outTradeNo,
      subject: text('subject', input.subject, 256),
      tid: optionalText('tid', input.tid, 20),
      notify_url: optionalText('notifyUrl', input.notifyUrl, 240),
      ...qrWalletFields(input.wallet),
      time: common.time,
    }),
  };
}

/** Query (§4.2): without refundNo it asks about the sale, with it about that refund. */
export function buildQuery(
  input: { wallet: Wallet; outTradeNo: string; refundNo?: string },
  common: Common,
): BuiltRequest {
  const service = WALLETS[input.wallet].services.query;
  const outTradeNo = text('outTradeNo', input.outTradeNo, 28);
  const refundNo = optionalText('refundNo', input.refundNo, 28);
  return {
    api: refundNo === undefined ? 'query-order' : 'query-refund',
    endpoint: ENDPOINTS.jsapi,
    service,
    outTradeNo,
    refundNo,
    params: compactParams({
      service,
      querytype: 'OUT_TRADE',
      out_trade_no: outTradeNo,
      refund_no: refundNo,
      user_confirm_key: common.userConfirmKey,
      ...qrWalletFields(input.wallet),
      time: common.time,
    }),
  };
}

/** Close (§4.3 and its sample). */
export function buildClose(input: { wallet: Wallet; outTradeNo: string }, common: Common): BuiltRequest {
  const service = WALLETS[input.wallet].services.close;
  if (service === null) {
    throw new EftpayUnsupportedOperationError(`${input.wallet} orders cannot be closed`);
  }
  const outTradeNo = text('outTradeNo', input.outTradeNo, 28);
  return {
    api: 'close',
    endpoint: ENDPOINTS.jsapi,
    service,
    outTradeNo,
    params: compactParams({
      service,
      user_confirm_key: common.userConfirmKey,
      out_trade_no: outTradeNo,
      ...qrWalletFields(input.wallet),
      time: common.time,
    }),
  };
}

export interface RefundInput {
  /** The wallet the sale was actually paid with (§12 #17). */
  wallet: Wallet;
  outTradeNo: string;
  eftpayTradeNo?: string;
  refundNo: string;
  amountCents: number;
  /** Staff reason; only the app-scene APIs carry it (§12 #9). */
  reason?: string;
  /** Where the apply-refund result is notified (§5.1; ignored by the other APIs). */
  notifyUrl?: string;
}

/** Refund through the API the wallet table picks (§12 #9). */
export function buildRefund(input: RefundInput, common: Common): BuiltRequest {
  const info = WALLETS[input.wallet];
  const outTradeNo = text('outTradeNo', input.outTradeNo, 28);
  const refundNo = text('refundNo', input.refundNo, 28);
  const amountText = amount(input.amountCents);
  if (info.refundApi === null) {
    throw new EftpayUnsupportedOperationError(`${input.wallet} payments cannot be refunded through the gateway`);
  }
  if (info.refundApi === 'qr-refund') {
    const service = info.services.qrRefund;
    if (service === null) throw new EftpayUnsupportedOperationError(`${input.wallet} has no refund service`);
    return {
      api: 'qr-refund',
      endpoint: ENDPOINTS.jsapi,
      service,
      outTradeNo,
      refundNo,
      params: compactParams({
        service,
        user_confirm_key: common.userConfirmKey,
        transaction_amount: amountText,
        out_trade_no: outTradeNo,
        refund_no: refundNo,
        ...qrWalletFields(input.wallet),
        time: common.time,
      }),
    };
  }
  const apply = info.refundApi === 'app-apply-refund';
  return {
    api: apply ? 'apply-refund' : 'refund',
    endpoint: apply ? ENDPOINTS.appApplyRefund : ENDPOINTS.appRefund,
    outTradeNo,
    refundNo,
    params: compactParams({
      user_confirm_key: common.userConfirmKey,
      return_amount: amountText,
      out_trade_no: outTradeNo,
      // eft_trade_no has priority at the gateway (§5.1); send it when we know it.
      eft_trade_no: optionalText('eftpayTradeNo', input.eftpayTradeNo, 28),
      out_refund_no: refundNo,
      buyerType: BUYER_TYPE,
      reason: optionalText('reason', input.reason, 256),
      notify_url: apply ? optionalText('notifyUrl', input.notifyUrl, 240) : undefined,
      time: common.time,
    }),
  };
}
