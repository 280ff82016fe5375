import 'server-only';
import { type FaultMatch, faultRequestSchema, type QueuedFault } from './control-schemas';

/**
 * Queued faults (in memory only — they are a test device, not gateway state). Semantics:
 * - every mode APPLIES the operation unless `apply: false`: the realistic worst case is that the
 *   gateway acted and only the answer was lost;
 * - `timeout`: hold the answer `delayMs` (default 35 s, longer than the client's 30 s);
 * - `http-500`: answer HTTP 500 with a plain-text body;
 * - `garbled`: answer 200 with a cut-off JSON text;
 * - `bad-signature`: answer 200 with the real answer but a corrupted `sign`;
 * - `processing-then-result`: answer TRADE_PROCESSING; the next `times` Queries (or, if
 *   `delayMs` is given, Queries during delayMs) also say TRADE_PROCESSING, then the real result;
 * - `apply-success-then-notification`: refunds only — answer APPLY_SUCCESS, become final after
 *   `delayMs` (default applyRefundNotifyDelayMs) and POST a refund notification to the refund's
 *   notify_url, or else the order's notify_url.
 * With `apply: false` the gateway answers "99" (not processed) through the same broken channel.
 */

export const DEFAULT_TIMEOUT_HOLD_MS = 35_000;

export interface RequestFacts {
  path: string;
  service?: string;
  outTradeNo?: string;
  refundNo?: string;
}

function matches(match: FaultMatch, facts: RequestFacts): boolean {
  if (match.path !== undefined && !facts.path.endsWith(match.path)) return false;
  if (match.service !== undefined && match.service !== facts.service) return false;
  if (match.outTradeNo !== undefined && match.outTradeNo !== facts.outTradeNo) return false;
  if (match.refundNo !== undefined && match.refundNo !== facts.refundNo) return false;
  return true;
}

export interface FaultQueue {
  add(input: unknown): { ok: true; fault: QueuedFault } | { ok: false; error: string };
  /** Removes (or uses up one time of) the first fault matching this request. */
  take(facts: RequestFacts): QueuedFault | undefined;
  list(): QueuedFault[];
  clear(): void;
}

export function createFaultQueue(): FaultQueue {
  let faults: QueuedFault[] = [];
  let nextId = 1;
  return {
    add(input) {
      const parsed = faultRequestSchema.safeParse(input);
      if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? 'invalid fault' };
      const request = parsed.data;
      const fault: QueuedFault = {
        id: nextId++,
        match: request.match,
        fault: request.fault,
        times: request.times ?? 1,
        apply: request.apply ?? true,
        ...(request.delayMs === undefined ? {} : { delayMs: request.delayMs }),
      };
      faults.push(fault);
      return { ok: true, fault };
    },
    take(facts) {
      const index = faults.findIndex((fault) => matches(fault.match, facts));
      const fault = faults[index];
      if (!fault) return undefined;
      // processing-then-result spends its `times` on Queries, so one call consumes it whole.
      if (fault.fault === 'processing-then-result' || fault.times <= 1) faults.splice(index, 1);
      else faults[index] = { ...fault, times: fault.times - 1 };
      return fault;
    },
    list: () => faults.map((fault) => ({ ...fault })),
    clear() {
      faults = [];
    },
  };
}
