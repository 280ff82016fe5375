import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { asc, eq } from 'drizzle-orm';
import { POST } from '@/app/api/eftpay/notify/route';
import { setDatabase } from '@/db/client';
import type { Database, Db } from '@/db/connect';
import { auditLog, gatewayCalls, gatewayNotifications, orders, refunds } from '@/db/schema';
import { SYSTEM } from '@/lib/auth/actor';
import { configureGateway, gateway } from '@/lib/eftpay/gateway';
import { createSandboxControl } from '@/lib/eftpay/sandbox/control';
import { type SandboxOptions, startSandbox } from '@/lib/eftpay/sandbox/server';
import type { Wallet } from '@/lib/eftpay/wallets';
import { ingestSale } from '@/lib/orders/ingest';
import { saleFactsFromQuery } from '@/lib/orders/sale-facts';

export const USER_CONFIRM_KEY = 'S0007731';
/** Distinctive, so a leak into any stored row is easy to spot. */
export const SECRET = 'gw-it-secret-7d1e0a9c4b';

let counter = 0;
/** Unique per run and per file (Postgres files share one server), ≤ 28 characters. */
export function uniqueNo(prefix = 'GW'): string {
  counter += 1;
  const random = Math.floor(Math.random() * 36 ** 4).toString(36);
  return `${prefix}${Date.now().toString(36)}${random}${counter.toString(36)}`.toUpperCase().slice(0, 28);
}

/**
 * The console's side of the gateway, in-process: the sandbox, the console's gateway client pointed
 * at it, and the console's real notify route (app/api/eftpay/notify/route.ts) served on a local
 * port as the notify URL — so eftPay's notifications go through exactly the code production runs.
 */
export async function startConsoleGateway(
  database: Database,
  options: { sandbox?: Partial<SandboxOptions>; timeoutMs?: number } = {},
) {
  setDatabase(database);
  const notify = await startNotifyRoute();
  const sandbox = await startSandbox({
    port: 0,
    userConfirmKey: USER_CONFIRM_KEY,
    secretCode: SECRET,
    notifyRetryDelaysMs: [50, 100, 200],
    applyRefundNotifyDelayMs: 100,
    ...options.sandbox,
  });
  configureGateway({
    baseUrl: sandbox.url,
    userConfirmKey: USER_CONFIRM_KEY,
    secretCode: SECRET,
    timeoutMs: options.timeoutMs ?? 5_000,
    notifyUrl: notify.url,
  });
  return {
    sandbox,
    control: createSandboxControl(sandbox.url),
    notifyUrl: notify.url,
    /** Replies our route gave, in order. */
    replies: notify.replies,
    async close() {
      configureGateway(undefined);
      await sandbox.close();
      await notify.close();
    },
  };
}

export interface RouteReply {
  status: number;
  body: Record<string, string>;
}

/** Calls the notify route handler as Next would. */
export async function postToRoute(body: unknown, ip = '203.0.113.9'): Promise<RouteReply> {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const response = await POST(
    new Request('http://console.test/api/eftpay/notify', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': ip },
      body: text,
    }),
  );
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

async function startNotifyRoute() {
  const replies: RouteReply[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    // Like Next for a route that only exports POST.
    if (req.method !== 'POST') {
      res.writeHead(405).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        const reply = await postToRoute(Buffer.concat(chunks).toString('utf8'), '127.0.0.1');
        replies.push(reply);
        res.writeHead(reply.status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(reply.body));
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/eftpay/notify`,
    replies,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** PreOrder at the sandbox with the console's client (and notify URL). */
export async function preOrder(db: Db, input: { wallet: Wallet; amountCents: number; tid: string; prefix?: string }) {
  const outTradeNo = uniqueNo(input.prefix);
  const client = gateway(db);
  const created = await client.preOrder({
    wallet: input.wallet,
    outTradeNo,
    amountCents: input.amountCents,
    subject: '測試訂單',
    tid: input.tid,
    notifyUrl: client.notifyUrl,
  });
  if (created.kind !== 'accepted') throw new Error(`preorder failed: ${JSON.stringify(created)}`);
  return outTradeNo;
}

/** Records the sale as eftPay's Query reports it (what Find at eftPay and the reconciler do). */
export async function ingestFromQuery(db: Db, outTradeNo: string, wallet: Wallet) {
  const answer = await gateway(db).queryOrder({ wallet, outTradeNo });
  if (answer.kind !== 'accepted') throw new Error(`query failed: ${JSON.stringify(answer)}`);
  const facts = saleFactsFromQuery(answer.data, answer.tradeStatus, { wallet });
  if (!facts) throw new Error('no sale facts');
  const ingested = await db.transaction((tx) => ingestSale(tx, facts, { actor: SYSTEM, action: 'order.found' }));
  return orderRow(db, ingested.orderId);
}

export async function orderRow(db: Db, id: string) {
  const [row] = await db.select().from(orders).where(eq(orders.id, id));
  if (!row) throw new Error(`order ${id} not found`);
  return row;
}

export async function orderByNo(db: Db, outTradeNo: string) {
  const [row] = await db.select().from(orders).where(eq(orders.outTradeNo, outTradeNo));
  return row;
}

export async function refundRow(db: Db, id: string) {
  const [row] = await db.select().from(refunds).where(eq(refunds.id, id));
  if (!row) throw new Error(`refund ${id} not found`);
  return row;
}

/** Everything a notification could change, for before/after comparison. */
export async function snapshot(db: Db) {
  return {
    orders: await db.select().from(orders).orderBy(asc(orders.id)),
    refunds: await db.select().from(refunds).orderBy(asc(refunds.id)),
    audit: await db.select().from(auditLog).orderBy(asc(auditLog.id)),
  };
}

export async function notificationRows(db: Db) {
  return db.select().from(gatewayNotifications).orderBy(asc(gatewayNotifications.id));
}

export async function callRows(db: Db) {
  return db.select().from(gatewayCalls).orderBy(asc(gatewayCalls.id));
}

export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('condition not met in time');
}

/** Refund input with a fresh idempotency key. */
export function refundInput(orderId: string, amount: string) {
  return { orderId, amount, reason: 'customer_request' as const, note: '', idempotencyKey: crypto.randomUUID() };
}
