// Sections (§) refer to docs/eftpay-gateway.md.

import 'server-only';
import { randomBytes } from 'node:crypto';
import { isPlainObject } from '../answers';
import { addMs, type SandboxContext } from './context';
import { signBody } from './render';
import type { SandboxNotification } from './state-schema';

/**
 * Notification outbox. Delivery: POST JSON (§4.5 transport). Success is HTTP 200 with JSON
 * `return_code: success` or the plain text `success`, case-insensitive (§12 #7); anything else is
 * retried after notifyRetryDelaysMs[attempt - 1] (last delay repeats) up to maxNotifyAttempts
 * (§12 #8). The outbox is persisted, so pending retries resume after a restart.
 */

const DELIVERY_TIMEOUT_MS = 10_000;
const MAX_REPLY_LOGGED = 200;

function isSuccessReply(text: string): boolean {
  const trimmed = text.trim();
  if (trimmed.toLowerCase() === 'success') return true;
  try {
    const parsed: unknown = JSON.parse(trimmed);
    return (
      isPlainObject(parsed) && typeof parsed.return_code === 'string' && parsed.return_code.toLowerCase() === 'success'
    );
  } catch {
    return false;
  }
}

export interface Notifier {
  enqueue: SandboxContext['enqueueNotification'];
  /** Re-arms undelivered notifications (after loading a state file). */
  resume(): void;
  /** Aborts deliveries in flight (sandbox closing or reset). */
  abortAll(): void;
}

export function createNotifier(ctx: Omit<SandboxContext, 'enqueueNotification'>): Notifier {
  const inFlight = new Set<AbortController>();

  function retryDelay(attempts: number): number {
    const delays = ctx.settings.notifyRetryDelaysMs;
    return delays[Math.min(attempts - 1, delays.length - 1)] ?? 60_000;
  }

  async function attempt(entry: SandboxNotification): Promise<void> {
    if (entry.delivered || entry.gaveUp) return;
    const controller = new AbortController();
    inFlight.add(controller);
    const timer = setTimeout(() => controller.abort(), DELIVERY_TIMEOUT_MS);
    const at = ctx.now().toISOString();
    let record: SandboxNotification['attempts'][number];
    try {
      const response = await fetch(entry.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(entry.body),
        signal: controller.signal,
      });
      const reply = await response.text();
      const ok = response.status === 200 && isSuccessReply(reply);
      record = { at, ok, httpStatus: response.status, reply: reply.slice(0, MAX_REPLY_LOGGED) };
    } catch (error) {
      if (controller.signal.aborted && !inFlight.has(controller)) return; // sandbox closed/reset
      record = { at, ok: false, error: error instanceof Error ? error.name : 'error' };
    } finally {
      clearTimeout(timer);
      inFlight.delete(controller);
    }
    entry.attempts.push(record);
    if (record.ok) {
      entry.delivered = true;
      entry.nextAttemptAt = undefined;
    } else if (entry.attempts.length >= ctx.settings.maxNotifyAttempts) {
      entry.gaveUp = true;
      entry.nextAttemptAt = undefined;
    } else {
      const delay = retryDelay(entry.attempts.length);
      entry.nextAttemptAt = addMs(ctx.now(), delay);
      ctx.timers.schedule(delay, () => void attempt(entry));
    }
    ctx.log(
      `notify ${entry.kind} ${entry.outTradeNo}${entry.refundNo ? `/${entry.refundNo}` : ''} attempt ${entry.attempts.length}: ${record.ok ? 'delivered' : (record.error ?? `HTTP ${record.httpStatus}`)}`,
    );
    ctx.persist();
  }

  return {
    enqueue(input) {
      const entry: SandboxNotification = {
        id: randomBytes(6).toString('hex'),
        kind: input.kind,
        outTradeNo: input.outTradeNo,
        ...(input.refundNo === undefined ? {} : { refundNo: input.refundNo }),
        url: input.url,
        body: signBody(ctx, input.fields),
        attempts: [],
        delivered: false,
        gaveUp: false,
        nextAttemptAt: ctx.now().toISOString(),
      };
      ctx.state.notifications.push(entry);
      ctx.persist();
      ctx.timers.schedule(0, () => void attempt(entry));
    },
    resume() {
      for (const entry of ctx.state.notifications) {
        if (entry.delivered || entry.gaveUp) continue;
        const due = entry.nextAttemptAt ? new Date(entry.nextAttemptAt).getTime() - ctx.now().getTime() : 0;
        ctx.timers.schedule(due, () => void attempt(entry));
      }
    },
    abortAll() {
      const controllers = [...inFlight];
      inFlight.clear();
      for (const controller of controllers) controller.abort();
    },
  };
}
