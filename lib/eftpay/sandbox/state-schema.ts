import 'server-only';
import { z } from 'zod';
import { WALLET_CODES } from '../wallets';

/**
 * Shape of the sandbox's state: what it persists to its state file and what the control API
 * returns. Pure zod, no Node APIs, so the control client can share it. Times are ISO strings.
 */

const iso = z.string();
const cents = z.number().int().nonnegative();

/** A reported status that hides the real one for a while (fault `processing-then-result`). */
const maskSchema = z.object({
  status: z.string(),
  remainingQueries: z.number().int().nonnegative().optional(),
  until: iso.optional(),
});

const sandboxRefundSchema = z.object({
  refundNo: z.string(),
  amountCents: cents,
  api: z.enum(['app-refund', 'app-apply-refund', 'qr-refund']),
  reason: z.string().optional(),
  notifyUrl: z.string().optional(),
  /** Real current status (ignoring any mask). */
  status: z.string(),
  /** Set while the refund waits for its final status (APPLY_SUCCESS → final + notification). */
  pendingFinal: z.object({ status: z.string(), at: iso, notify: z.boolean() }).optional(),
  mask: maskSchema.optional(),
  createdAt: iso,
  finalAt: iso.optional(),
});

const orderStatusSchema = z.enum(['unpaid', 'paid', 'closed', 'failed']);

export const sandboxOrderSchema = z.object({
  outTradeNo: z.string(),
  eftpayTradeNo: z.string(),
  /** Wallet ordered with (payment_type of the PreOrder). */
  wallet: z.enum(WALLET_CODES),
  /** Wallet actually paid with (merged WeChat / ALIPAYBOTH, docs/eftpay-gateway.md §4.0). */
  paidWallet: z.enum(WALLET_CODES).optional(),
  amountCents: cents,
  subject: z.string(),
  tid: z.string().optional(),
  notifyUrl: z.string().optional(),
  status: orderStatusSchema,
  createdAt: iso,
  paidAt: iso.optional(),
  closedAt: iso.optional(),
  transactionId: z.string().optional(),
  buyerId: z.string().optional(),
  mask: maskSchema.optional(),
  refunds: z.array(sandboxRefundSchema),
});

export const requestLogEntrySchema = z.object({
  id: z.number().int(),
  at: iso,
  path: z.string(),
  /** The body as received: the parsed JSON value, or the raw text if it was not JSON. */
  body: z.unknown(),
  returnStatus: z.string().optional(),
  tradeStatus: z.string().optional(),
  fault: z.string().optional(),
});

const notificationAttemptSchema = z.object({
  at: iso,
  ok: z.boolean(),
  httpStatus: z.number().int().optional(),
  reply: z.string().optional(),
  error: z.string().optional(),
});

export const sandboxNotificationSchema = z.object({
  id: z.string(),
  kind: z.enum(['payment', 'refund']),
  outTradeNo: z.string(),
  refundNo: z.string().optional(),
  url: z.string(),
  /** The signed body, resent unchanged on every attempt. */
  body: z.record(z.string(), z.string()),
  attempts: z.array(notificationAttemptSchema),
  delivered: z.boolean(),
  gaveUp: z.boolean(),
  nextAttemptAt: iso.optional(),
});

export const sandboxStateSchema = z.object({
  version: z.literal(1),
  orders: z.record(z.string(), sandboxOrderSchema),
  requests: z.array(requestLogEntrySchema),
  notifications: z.array(sandboxNotificationSchema),
  nextRequestId: z.number().int(),
});

export type SandboxMask = z.infer<typeof maskSchema>;
export type SandboxRefund = z.infer<typeof sandboxRefundSchema>;
export type SandboxOrder = z.infer<typeof sandboxOrderSchema>;
export type RequestLogEntry = z.infer<typeof requestLogEntrySchema>;
export type SandboxNotification = z.infer<typeof sandboxNotificationSchema>;
export type SandboxState = z.infer<typeof sandboxStateSchema>;

export function emptyState(): SandboxState {
  return { version: 1, orders: {}, requests: [], notifications: [], nextRequestId: 1 };
}
