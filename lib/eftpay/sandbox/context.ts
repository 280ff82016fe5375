// Sections (§) refer to docs/eftpay-gateway.md.

import 'server-only';
import type { SandboxState } from './state-schema';

/** Everything the sandbox's handlers share. Built once by startSandbox. */

export interface SandboxSettings {
  userConfirmKey: string;
  secretCode: string;
  expiryMinutes: number;
  notifyRetryDelaysMs: readonly number[];
  maxNotifyAttempts: number;
  applyRefundNotifyDelayMs: number;
  /** Which empty-value reading the sandbox signs its answers with (§12 #1). */
  answerSigning: 'skip-empty' | 'include-empty';
  /** Reject requests whose `time` is further off than this; undefined = not enforced (§12 #6). */
  maxClockSkewMinutes?: number;
}

export interface Timers {
  schedule(delayMs: number, run: () => void): void;
  clearAll(): void;
}

export interface SandboxContext {
  settings: SandboxSettings;
  state: SandboxState;
  now(): Date;
  persist(): void;
  log(line: string): void;
  timers: Timers;
  enqueueNotification(input: {
    kind: 'payment' | 'refund';
    outTradeNo: string;
    refundNo?: string;
    url: string;
    fields: Record<string, string>;
  }): void;
}

export function createTimers(): Timers {
  const pending = new Set<NodeJS.Timeout>();
  return {
    schedule(delayMs, run) {
      const timer = setTimeout(
        () => {
          pending.delete(timer);
          run();
        },
        Math.max(0, delayMs),
      );
      // A forgotten sandbox must not keep a test process alive; the server handle does that.
      timer.unref();
      pending.add(timer);
    },
    clearAll() {
      for (const timer of pending) clearTimeout(timer);
      pending.clear();
    },
  };
}

export function addMs(date: Date, ms: number): string {
  return new Date(date.getTime() + ms).toISOString();
}
