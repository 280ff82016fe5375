import 'server-only';
import { z } from 'zod';
import { type FaultRequest, type PayRequest, type QueuedFault, queuedFaultSchema } from './control-schemas';
import {
  type RequestLogEntry,
  requestLogEntrySchema,
  type SandboxNotification,
  type SandboxOrder,
  sandboxNotificationSchema,
  sandboxOrderSchema,
} from './state-schema';

/**
 * Typed client of the sandbox control API (/sandbox/...), for tests, the demo seed and E2E.
 * Uses only fetch and zod, so it runs anywhere the sandbox is reachable.
 */

export interface SandboxControl {
  /** Simulates the customer paying (notification included unless `notify: false`). */
  pay(outTradeNo: string, input?: PayRequest): Promise<SandboxOrder>;
  /** Moves the order's creation time back (demo history, abandoned orders); expiry then applies. */
  backdate(outTradeNo: string, createdAt: Date): Promise<SandboxOrder>;
  /** Queues a fault for the next matching gateway call(s); see faults.ts for semantics. */
  fault(request: FaultRequest): Promise<QueuedFault>;
  /** The order with its refunds, or null if the sandbox does not know it. */
  order(outTradeNo: string): Promise<SandboxOrder | null>;
  orders(): Promise<SandboxOrder[]>;
  /** Gateway requests as received, optionally filtered by path suffix and out_trade_no. */
  requests(filter?: { path?: string; outTradeNo?: string }): Promise<RequestLogEntry[]>;
  notifications(outTradeNo?: string): Promise<SandboxNotification[]>;
  reset(): Promise<void>;
  health(): Promise<boolean>;
}

class SandboxControlError extends Error {
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.name = 'SandboxControlError';
    this.status = status;
  }
}

const errorBody = z.object({ error: z.string() });

/** `baseUrl` may be the gateway URL (…/VMP) or the bare origin. */
export function createSandboxControl(baseUrl: string): SandboxControl {
  const root = new URL('/sandbox/', baseUrl);

  async function call<T extends z.ZodType>(
    method: 'GET' | 'POST',
    path: string,
    schema: T,
    body?: unknown,
    allowNotFound = false,
  ): Promise<z.infer<T> | null> {
    const response = await fetch(new URL(path, root), {
      method,
      headers: body === undefined ? undefined : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json: unknown = await response.json().catch(() => null);
    if (allowNotFound && response.status === 404) return null;
    if (!response.ok) {
      const parsed = errorBody.safeParse(json);
      throw new SandboxControlError(response.status, parsed.success ? parsed.data.error : `HTTP ${response.status}`);
    }
    return schema.parse(json);
  }

  async function required<T>(promise: Promise<T | null>): Promise<T> {
    const value = await promise;
    if (value === null) throw new SandboxControlError(404, 'not found');
    return value;
  }

  const orderBody = z.object({ order: sandboxOrderSchema });
  const enc = encodeURIComponent;

  return {
    pay: async (outTradeNo, input = {}) =>
      (await required(call('POST', `orders/${enc(outTradeNo)}/pay`, orderBody, input))).order,
    backdate: async (outTradeNo, createdAt) =>
      (
        await required(
          call('POST', `orders/${enc(outTradeNo)}/backdate`, orderBody, { createdAt: createdAt.toISOString() }),
        )
      ).order,
    fault: async (request) =>
      (await required(call('POST', 'faults', z.object({ fault: queuedFaultSchema }), request))).fault,
    order: async (outTradeNo) =>
      (await call('GET', `orders/${enc(outTradeNo)}`, orderBody, undefined, true))?.order ?? null,
    orders: async () =>
      (await required(call('GET', 'orders', z.object({ orders: z.array(sandboxOrderSchema) })))).orders,
    requests: async (filter = {}) => {
      const query = new URLSearchParams();
      if (filter.path) query.set('path', filter.path);
      if (filter.outTradeNo) query.set('outTradeNo', filter.outTradeNo);
      const schema = z.object({ requests: z.array(requestLogEntrySchema) });
      return (await required(call('GET', `requests?${query}`, schema))).requests;
    },
    notifications: async (outTradeNo) => {
      const query = outTradeNo ? `?outTradeNo=${enc(outTradeNo)}` : '';
      const schema = z.object({ notifications: z.array(sandboxNotificationSchema) });
      return (await required(call('GET', `notifications${query}`, schema))).notifications;
    },
    reset: async () => {
      await call('POST', 'reset', z.object({ ok: z.literal(true) }), {});
    },
    health: async () => {
      try {
        await call('GET', 'health', z.object({ ok: z.literal(true) }));
        return true;
      } catch {
        return false;
      }
    },
  };
}
