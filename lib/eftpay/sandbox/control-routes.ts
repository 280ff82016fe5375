import 'server-only';
import type { SandboxContext } from './context';
import { backdateRequestSchema, payRequestSchema } from './control-schemas';
import type { FaultQueue } from './faults';
import { parseJson } from './http';
import { findOrder } from './lookup';
import { backdate, pay } from './orders';
import { settleDueRefunds } from './refunds';

/**
 * The sandbox control API under /sandbox/ (JSON, unsigned): test and demo hooks that have no
 * counterpart at eftPay. It is only ever served by the sandbox, never by the console.
 */

export interface ControlReply {
  status: number;
  body: unknown;
}

const ORDER_PATH = /^\/sandbox\/orders\/([^/]+)$/;
const PAY_PATH = /^\/sandbox\/orders\/([^/]+)\/pay$/;
const BACKDATE_PATH = /^\/sandbox\/orders\/([^/]+)\/backdate$/;

function jsonBody(rawBody: string): { ok: true; value: unknown } | { ok: false } {
  if (rawBody.trim() === '') return { ok: true, value: {} };
  return parseJson(rawBody);
}

export function handleControlRequest(
  ctx: SandboxContext,
  faults: FaultQueue,
  reset: () => void,
  method: string,
  url: URL,
  rawBody: string,
): ControlReply {
  const route = `${method} ${url.pathname}`;
  if (route === 'GET /sandbox/health') return { status: 200, body: { ok: true } };
  if (route === 'POST /sandbox/reset') {
    reset();
    return { status: 200, body: { ok: true } };
  }
  if (route === 'GET /sandbox/orders') {
    for (const order of Object.values(ctx.state.orders)) findOrder(ctx, order.outTradeNo);
    return { status: 200, body: { orders: Object.values(ctx.state.orders) } };
  }
  if (route === 'GET /sandbox/requests') {
    const path = url.searchParams.get('path');
    const outTradeNo = url.searchParams.get('outTradeNo');
    const requests = ctx.state.requests.filter((entry) => {
      if (path && !entry.path.endsWith(path)) return false;
      if (!outTradeNo) return true;
      const body = entry.body;
      return typeof body === 'object' && body !== null && 'out_trade_no' in body && body.out_trade_no === outTradeNo;
    });
    return { status: 200, body: { requests } };
  }
  if (route === 'GET /sandbox/notifications') {
    const outTradeNo = url.searchParams.get('outTradeNo');
    const notifications = ctx.state.notifications.filter((n) => !outTradeNo || n.outTradeNo === outTradeNo);
    return { status: 200, body: { notifications } };
  }
  if (route === 'GET /sandbox/faults') return { status: 200, body: { faults: faults.list() } };
  if (route === 'POST /sandbox/faults') {
    const body = jsonBody(rawBody);
    if (!body.ok) return { status: 400, body: { error: 'body must be JSON' } };
    const added = faults.add(body.value);
    return added.ok ? { status: 201, body: { fault: added.fault } } : { status: 400, body: { error: added.error } };
  }

  const payMatch = PAY_PATH.exec(url.pathname);
  if (method === 'POST' && payMatch?.[1]) {
    const body = jsonBody(rawBody);
    const input = body.ok ? payRequestSchema.safeParse(body.value) : undefined;
    if (!input?.success) return { status: 400, body: { error: 'invalid pay request' } };
    const paid = pay(ctx, decodeURIComponent(payMatch[1]), input.data);
    return paid.ok
      ? { status: 200, body: { order: paid.order } }
      : { status: paid.status, body: { error: paid.error } };
  }
  const backdateMatch = BACKDATE_PATH.exec(url.pathname);
  if (method === 'POST' && backdateMatch?.[1]) {
    const body = jsonBody(rawBody);
    const input = body.ok ? backdateRequestSchema.safeParse(body.value) : undefined;
    if (!input?.success) return { status: 400, body: { error: 'invalid backdate request' } };
    const moved = backdate(ctx, decodeURIComponent(backdateMatch[1]), input.data);
    return moved.ok
      ? { status: 200, body: { order: moved.order } }
      : { status: moved.status, body: { error: moved.error } };
  }
  const orderMatch = ORDER_PATH.exec(url.pathname);
  if (method === 'GET' && orderMatch?.[1]) {
    const order = findOrder(ctx, decodeURIComponent(orderMatch[1]));
    if (!order) return { status: 404, body: { error: 'order not found' } };
    settleDueRefunds(ctx, order);
    return { status: 200, body: { order } };
  }
  return { status: 404, body: { error: 'no such sandbox route' } };
}
