import { type OrderStatus, type RefundStatus, refundHeld } from '@/lib/shared/statuses';

/**
 * Keeps the order page's server-rendered refund data in step with the live status poll, whatever
 * the order of events (eftPay's notification before, during or after a poll; a page refresh landing
 * before or after the next poll). The rule: the page refreshes whenever a poll answer differs from
 * what the page rendered, and polling goes on until an answer shows nothing in flight AND the page
 * shows that same answer.
 */

/** The refund facts both the rendered page and a poll answer carry. */
export interface RefundSnapshot {
  orderStatus: OrderStatus;
  refundedCents: number;
  inFlightCents: number;
  refundableCents: number;
  refunds: ReadonlyArray<{ id: string; amountCents: number; status: RefundStatus }>;
}

/** One comparable string per snapshot: equal strings, same facts on screen. */
export function snapshotKey(s: RefundSnapshot): string {
  const refunds = s.refunds
    .map((r) => `${r.id}:${r.status}:${r.amountCents}`)
    .sort()
    .join(',');
  return `${s.orderStatus}|${s.refundedCents}|${s.inFlightCents}|${s.refundableCents}|${refunds}`;
}

/** Money is held: a refund in flight, or a request waiting for approval (someone may decide it any moment). */
export function snapshotInFlight(s: RefundSnapshot): boolean {
  return s.inFlightCents > 0 || s.refunds.some((r) => refundHeld(r.status));
}

export interface LiveSyncInput {
  /** What the page's server-rendered data shows now. */
  rendered: RefundSnapshot;
  /** A refund was just submitted from this page and came back not final. */
  submitted: boolean;
  /** The latest poll answer, if any, and a token unique to it (e.g. the time it arrived). */
  answer?: RefundSnapshot;
  answerToken?: number;
  /** The answer token a page refresh was last asked for. */
  refreshedFor?: number;
}

export interface LiveSyncDecision {
  /** Ask (again) for the live status. */
  poll: boolean;
  /** Ask the server for a fresh render of the page now. */
  refresh: boolean;
}

export function decideLiveSync(input: LiveSyncInput): LiveSyncDecision {
  const { rendered, submitted, answer, answerToken, refreshedFor } = input;
  if (!answer) return { poll: submitted || snapshotInFlight(rendered), refresh: false };
  const differs = snapshotKey(answer) !== snapshotKey(rendered);
  const settled = !snapshotInFlight(answer) && !differs;
  return {
    poll: !settled,
    // Once per answer: a refresh that lands before the next poll is checked against that poll.
    refresh: differs && answerToken !== refreshedFor,
  };
}
