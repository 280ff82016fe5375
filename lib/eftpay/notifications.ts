// Sections (§) refer to docs/eftpay-gateway.md.

import 'server-only';
import { z } from 'zod';
import { amountField, isPlainObject, toStringFields, tradeTimeField } from './answers';
import { type SignatureReading, sign, verify } from './sign';
import { toGatewayTime } from './time';
import { WALLET_CODES, type Wallet } from './wallets';

/**
 * Notifications eftPay POSTs to our notify_url: QR payment (§4.5) and refund (§5.3). The
 * signature is checked before anything else is read (§2.1 "must verify callbacks").
 */

export interface PaymentNotification {
  kind: 'payment';
  reading: SignatureReading;
  outTradeNo: string;
  eftpayTradeNo?: string;
  transactionId?: string;
  /** The wallet actually paid with — reuse it for Close/Refund (§12 #17). */
  wallet: Wallet;
  amountCents: number;
  currency: string;
  tradeStatus: string;
  paidAt?: Date;
  tid?: string;
  buyerId?: string;
  subject?: string;
}

export interface RefundNotification {
  kind: 'refund';
  reading: SignatureReading;
  outTradeNo: string;
  refundNo: string;
  eftpayTradeNo?: string;
  transactionId?: string;
  wallet?: Wallet;
  /** This refund's amount (`return_amount`). */
  amountCents?: number;
  /** The original sale total (`total_fee`). */
  originalAmountCents?: number;
  currency?: string;
  tradeStatus: string;
}

export type ParsedNotification =
  | { kind: 'invalid-signature' }
  | { kind: 'malformed'; issue: string }
  | PaymentNotification
  | RefundNotification;

const wallet = z.enum(WALLET_CODES);

const paymentFields = z.looseObject({
  out_trade_no: z.string(),
  eftpay_trade_no: z.string().optional(),
  eft_trade_no: z.string().optional(),
  transaction_id: z.string().optional(),
  trade_no: z.string().optional(),
  // QR scene: payment_type; other scenes: wallet (§8 #1).
  payment_type: wallet.optional(),
  wallet: wallet.optional(),
  total_fee: amountField,
  currency: z.string().optional(),
  trade_status: z.string(),
  gmt_payment: tradeTimeField.optional(),
  tid: z.string().optional(),
  buyer_id: z.string().optional(),
  subject: z.string().optional(),
});

const refundFields = z.looseObject({
  out_trade_no: z.string(),
  refund_no: z.string().optional(),
  out_refund_no: z.string().optional(),
  eftpay_trade_no: z.string().optional(),
  eft_trade_no: z.string().optional(),
  transaction_id: z.string().optional(),
  trade_no: z.string().optional(),
  payment_type: wallet.optional(),
  wallet: wallet.optional(),
  return_amount: amountField.optional(),
  total_fee: amountField.optional(),
  currency: z.string().optional(),
  fee_type: z.string().optional(),
  trade_status: z.string(),
});

function issueOf(error: z.ZodError): string {
  const first = error.issues[0];
  return first ? `${first.path.join('.') || 'body'}: ${first.message}` : 'invalid notification';
}

/**
 * The QR payment notification has no notify_type (§4.5), so a refund is recognised by
 * trade_type REFUND or by carrying a refund number (§5.3).
 */
function isRefund(fields: Record<string, string>): boolean {
  if (fields.trade_type !== undefined) return fields.trade_type === 'REFUND';
  return fields.refund_no !== undefined || fields.out_refund_no !== undefined;
}

export function parseNotification(body: unknown, secret: string): ParsedNotification {
  if (!isPlainObject(body)) return { kind: 'malformed', issue: 'body is not a JSON object' };
  const checked = verify(body, secret);
  if (!checked.ok) return { kind: 'invalid-signature' };
  const fields = toStringFields(body);
  if (fields === null) return { kind: 'malformed', issue: 'nested value' };

  if (isRefund(fields)) {
    const parsed = refundFields.safeParse(fields);
    if (!parsed.success) return { kind: 'malformed', issue: issueOf(parsed.error) };
    const f = parsed.data;
    const refundNo = f.refund_no ?? f.out_refund_no;
    if (refundNo === undefined) return { kind: 'malformed', issue: 'refund_no: missing' };
    return {
      kind: 'refund',
      reading: checked.reading,
      outTradeNo: f.out_trade_no,
      refundNo,
      eftpayTradeNo: f.eftpay_trade_no ?? f.eft_trade_no,
      transactionId: f.transaction_id ?? f.trade_no,
      wallet: f.payment_type ?? f.wallet,
      amountCents: f.return_amount,
      originalAmountCents: f.total_fee,
      currency: f.currency ?? f.fee_type,
      tradeStatus: f.trade_status,
    };
  }

  const parsed = paymentFields.safeParse(fields);
  if (!parsed.success) return { kind: 'malformed', issue: issueOf(parsed.error) };
  const f = parsed.data;
  const paidWallet = f.payment_type ?? f.wallet;
  if (paidWallet === undefined) return { kind: 'malformed', issue: 'payment_type: missing' };
  return {
    kind: 'payment',
    reading: checked.reading,
    outTradeNo: f.out_trade_no,
    eftpayTradeNo: f.eftpay_trade_no ?? f.eft_trade_no,
    transactionId: f.transaction_id ?? f.trade_no,
    wallet: paidWallet,
    amountCents: f.total_fee,
    // Every sample reports HKD; §12 #20 makes HKD the account default when a field is missing.
    currency: f.currency ?? 'HKD',
    tradeStatus: f.trade_status,
    paidAt: f.gmt_payment,
    tid: f.tid,
    buyerId: f.buyer_id,
    subject: f.subject,
  };
}

/**
 * Our reply to a notification: HTTP 200 with this JSON, signed like a request (§4.5, §12 #7).
 * Reply `false` only when we could not persist the notification, so eftPay retries.
 */
export function notificationReply(
  success: boolean,
  secret: string,
  now: Date = new Date(),
): { return_code: 'success' | 'false'; time: string; sign: string } {
  const returnCode = success ? 'success' : 'false';
  const time = toGatewayTime(now);
  return { return_code: returnCode, time, sign: sign({ return_code: returnCode, time }, secret) };
}
