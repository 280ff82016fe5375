// Sections (§) refer to docs/eftpay-gateway.md.

import 'server-only';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTimers, type SandboxContext, type SandboxSettings } from './context';
import { handleControlRequest } from './control-routes';
import type { FaultRequest, QueuedFault } from './control-schemas';
import { createFaultQueue } from './faults';
import { GATEWAY_PATHS, handleGatewayRequest } from './gateway';
import { BodyTooLargeError, readBody, sendJson, sendText } from './http';
import { findOrder } from './lookup';
import { createNotifier } from './notifier';
import { scheduleSettlement, settleDueRefunds } from './refunds';
import { emptyState, type RequestLogEntry, type SandboxNotification, type SandboxOrder } from './state-schema';
import { createSaver, loadState } from './store';

/**
 * eftPay sandbox: a standalone node:http server speaking the VMP API of docs/eftpay-gateway.md (§4, §5) with the
 * behaviour choices of §12, plus a control API under /sandbox/ for tests and the demo.
 */

export interface SandboxOptions {
  /** 0 = a random free port. */
  port?: number;
  host?: '127.0.0.1';
  userConfirmKey: string;
  secretCode: string;
  /** Persist state here (atomic temp + rename) and reload it on start; omitted = memory only. */
  stateFile?: string;
  /** Unpaid orders older than this answer TRADE_CLOSED (§12 #18). Default 30. */
  expiryMinutes?: number;
  /** Delay before each retry of a notification not acknowledged with success (§12 #8). */
  notifyRetryDelaysMs?: number[];
  /** Total delivery attempts per notification. Default 8 (§12 #8). */
  maxNotifyAttempts?: number;
  /** WeChat apply-refund: APPLY_SUCCESS → final + notification after this long. Default 1 s. */
  applyRefundNotifyDelayMs?: number;
  answerSigning?: SandboxSettings['answerSigning'];
  maxClockSkewMinutes?: number;
  log?: (line: string) => void;
  /** Clock for expiry and timestamps (tests). */
  now?: () => Date;
}

export interface RunningSandbox {
  /** Gateway base URL, ending in /VMP — the client's `baseUrl`. */
  url: string;
  /** http://host:port — the control API lives under `${origin}/sandbox/`. */
  origin: string;
  port: number;
  close(): Promise<void>;
  reset(): void;
  order(outTradeNo: string): SandboxOrder | undefined;
  requests(filter?: { path?: string }): RequestLogEntry[];
  notifications(outTradeNo?: string): SandboxNotification[];
  fault(request: FaultRequest): QueuedFault;
}

const DEFAULT_RETRY_DELAYS_MS = [15_000, 60_000, 300_000, 1_800_000, 3_600_000];
const GATEWAY_PATH_SET = new Set<string>(Object.values(GATEWAY_PATHS));

function copy<T>(value: T): T {
  return structuredClone(value);
}

export async function startSandbox(options: SandboxOptions): Promise<RunningSandbox> {
  if (!options.userConfirmKey || !options.secretCode) throw new Error('userConfirmKey and secretCode are required');
  const host = options.host ?? '127.0.0.1';
  const settings: SandboxSettings = {
    userConfirmKey: options.userConfirmKey,
    secretCode: options.secretCode,
    expiryMinutes: options.expiryMinutes ?? 30,
    notifyRetryDelaysMs: options.notifyRetryDelaysMs?.length ? options.notifyRetryDelaysMs : DEFAULT_RETRY_DELAYS_MS,
    maxNotifyAttempts: options.maxNotifyAttempts ?? 8,
    applyRefundNotifyDelayMs: options.applyRefundNotifyDelayMs ?? 1_000,
    answerSigning: options.answerSigning ?? 'skip-empty',
    maxClockSkewMinutes: options.maxClockSkewMinutes,
  };
  const state = loadState(options.stateFile);
  const saver = createSaver(options.stateFile, state);
  const timers = createTimers();
  const base = {
    settings,
    state,
    now: options.now ?? (() => new Date()),
    persist: saver.request,
    log: options.log ?? (() => {}),
    timers,
  };
  const notifier = createNotifier(base);
  const ctx: SandboxContext = { ...base, enqueueNotification: notifier.enqueue };
  const faults = createFaultQueue();
  const held = new Set<ServerResponse>();

  const rearm = () => {
    notifier.resume();
    for (const order of Object.values(state.orders)) {
      for (const refund of order.refunds) {
        if (refund.pendingFinal) scheduleSettlement(ctx, order.outTradeNo, refund.pendingFinal.at);
      }
    }
  };

  const dropPending = () => {
    timers.clearAll();
    notifier.abortAll();
    for (const res of held) res.destroy();
    held.clear();
  };

  const reset = () => {
    dropPending();
    faults.clear();
    Object.assign(state, emptyState());
    ctx.persist();
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox.local');
    const method = req.method ?? 'GET';
    if (url.pathname.startsWith('/sandbox/')) {
      const reply = handleControlRequest(ctx, faults, reset, method, url, method === 'POST' ? await readBody(req) : '');
      sendJson(res, reply.status, reply.body);
      return;
    }
    if (!GATEWAY_PATH_SET.has(url.pathname)) return sendText(res, 404, 'Not Found');
    if (method !== 'POST') return sendText(res, 405, 'Method Not Allowed');
    const reply = handleGatewayRequest(ctx, faults, url.pathname, await readBody(req));
    if (reply.kind === 'text') return sendText(res, reply.status, reply.text, 'application/json; charset=utf-8');
    if (reply.holdMs === undefined) return sendJson(res, reply.status, reply.body);
    // Fault `timeout`: the work is done, the answer arrives too late (or never, if the client left).
    held.add(res);
    const timer = setTimeout(() => {
      held.delete(res);
      sendJson(res, reply.status, reply.body);
    }, reply.holdMs);
    res.on('close', () => {
      clearTimeout(timer);
      held.delete(res);
    });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (error instanceof BodyTooLargeError) return sendText(res, 413, 'Payload Too Large');
      ctx.log(`sandbox error: ${error instanceof Error ? error.name : 'unknown'}`);
      sendText(res, 500, 'Internal Server Error');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address: AddressInfo | string | null = server.address();
  if (address === null || typeof address === 'string') throw new Error('sandbox is not listening on TCP');
  const port = address.port;
  const origin = `http://${host}:${port}`;
  rearm();

  return {
    url: `${origin}/VMP`,
    origin,
    port,
    async close() {
      dropPending();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      saver.flush();
    },
    reset,
    order: (outTradeNo) => {
      const order = findOrder(ctx, outTradeNo);
      if (order) settleDueRefunds(ctx, order);
      return order ? copy(order) : undefined;
    },
    requests: (filter) => copy(state.requests.filter((entry) => !filter?.path || entry.path.endsWith(filter.path))),
    notifications: (outTradeNo) =>
      copy(state.notifications.filter((entry) => outTradeNo === undefined || entry.outTradeNo === outTradeNo)),
    fault: (request) => {
      const added = faults.add(request);
      if (!added.ok) throw new Error(`invalid fault: ${added.error}`);
      return added.fault;
    },
  };
}
