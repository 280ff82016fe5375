/** The kinds of demo order the plan (plan.ts) mixes. */
export type DemoKind =
  | 'paid'
  | 'partly_refunded'
  | 'fully_refunded'
  /** A refund eftPay refused (usually tried again a few minutes later). */
  | 'refund_failed'
  /** A recent refund eftPay is still processing when the seed ends. */
  | 'refund_processing'
  /** A recent refund whose answer was lost: unknown until the reconciler asks eftPay. */
  | 'refund_unknown'
  | 'failed'
  | 'unpaid_recent'
  | 'unpaid_abandoned'
  | 'closed';

/** Kinds whose orders get refunds. */
export const refundKinds: ReadonlySet<DemoKind> = new Set([
  'partly_refunded',
  'fully_refunded',
  'refund_failed',
  'refund_processing',
  'refund_unknown',
]);
