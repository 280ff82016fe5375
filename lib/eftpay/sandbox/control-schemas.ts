// Sections (§) refer to docs/eftpay-gateway.md.

import 'server-only';
import { z } from 'zod';
import { WALLET_CODES } from '../wallets';

/** Bodies of the sandbox control API (`/sandbox/...`), shared by the server and the typed client. */

export const payRequestSchema = z.object({
  /** false: change the state but send no notification (default true; never for PAYME/FPS, §4.5). */
  notify: z.boolean().optional(),
  paidAt: z.iso.datetime({ offset: true }).optional(),
  transactionId: z.string().min(1).max(64).optional(),
  buyerId: z.string().min(1).max(30).optional(),
  /** Pay with another wallet of the same family (merged WeChat, ALIPAYBOTH — §4.0). */
  wallet: z.enum(WALLET_CODES).optional(),
  /** 'failed' simulates a failed payment (TRADE_FAIL). Default 'paid'. */
  outcome: z.enum(['paid', 'failed']).optional(),
});

export type PayRequest = z.infer<typeof payRequestSchema>;

/** Moves an order's creation time back (demo data: abandoned QR orders, history over past days). */
export const backdateRequestSchema = z.object({
  createdAt: z.iso.datetime({ offset: true }),
});

export type BackdateRequest = z.infer<typeof backdateRequestSchema>;

const FAULT_MODES = [
  'timeout',
  'http-500',
  'garbled',
  'bad-signature',
  'processing-then-result',
  'apply-success-then-notification',
] as const;

export type FaultMode = (typeof FAULT_MODES)[number];

const faultMatchSchema = z.object({
  /** Matches when the request path ends with this, e.g. "AppTradeRefund.do". */
  path: z.string().min(1).optional(),
  service: z.string().min(1).optional(),
  outTradeNo: z.string().min(1).optional(),
  /** refund_no (QR) or out_refund_no (app scene). */
  refundNo: z.string().min(1).optional(),
});

export const faultRequestSchema = z.object({
  match: faultMatchSchema.default({}),
  fault: z.enum(FAULT_MODES),
  /**
   * How many matching calls get the fault (default 1). For `processing-then-result` it is instead
   * the number of Queries that keep answering TRADE_PROCESSING (one call gets the fault).
   */
  times: z.number().int().min(1).max(1000).optional(),
  /** Whether the operation still takes effect (default true for every mode). */
  apply: z.boolean().optional(),
  delayMs: z.number().int().min(0).max(3_600_000).optional(),
});

export type FaultMatch = z.infer<typeof faultMatchSchema>;
export type FaultRequest = z.input<typeof faultRequestSchema>;

export const queuedFaultSchema = z.object({
  id: z.number().int(),
  match: faultMatchSchema,
  fault: z.enum(FAULT_MODES),
  times: z.number().int(),
  apply: z.boolean(),
  delayMs: z.number().int().optional(),
});

export type QueuedFault = z.infer<typeof queuedFaultSchema>;
