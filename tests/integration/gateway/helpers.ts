import { asc, eq } from 'drizzle-orm';
import { POST } from '@/app/api/eftpay/notify/route';
import type { Db } from '@/db/connect';
import { auditLog, gatewayCalls, gatewayNotifications, orders, refunds } from '@/db/schema';
import { SYSTEM } from '@/lib/auth/actor';
import { gateway } from '@/lib/eftpay/gateway';
import type { SandboxOptions } from '@/lib/eftpay/sandbox/server';
import type { Wallet } from '@/lib/shared/wallets';
import { ingestSale } from '@/lib/orders/ingest';
import { saleFactsFromQuery } from '@/lib/orders/sale-facts';
import { orderRow } from '../../support/fixtures';
import { startConsoleSandbox } from '../../support/harness';
import { serveLocally } from '../../support/http-stub';
import { uniqueNo } from '../../support/unique';

export const USER_CONFIRM_KEY = 'S0007731';
/** Distinctive, so a leak into any stored row is easy to spot. */
export const SECRET = 'gw-it-secret-7d1e0a9c4b';

/**
 * The console's side of the gateway, in-process: the sandbox, the console's gateway client pointed
 * at it, and the console's real notify route (app/api/eftpay/notify/route.ts) served on a local
 * port as the notify URL — so eftPay's notifications go through exactly the code production runs,
 * on the database of the file's testDatabaseForFile().
 */
export async function startConsoleGateway(options: { sandbox?: Partial<SandboxOptions>; timeoutMs?: number } = {}) {
  const replies: RouteReply[] = [];
  const notify = await serveLocally('/api/eftpay/notify', async (body, request) => {
    // Like Next for a route that only exports POST.
    if (request.method !== 'POST') return { status: 405, text: '' };
    const reply = await postToRoute(body, '127.0.0.1');
    replies.push(reply);
    return { status: reply.status, text: JSON.stringify(reply.body) };
  });
  const consoleSide = await startConsoleSandbox(
    { userConfirmKey: USER_CONFIRM_KEY, secretCode: SECRET },
    {
      sandbox: { notifyRetryDelaysMs: [50, 100, 200], applyRefundNotifyDelayMs: 100, ...options.sandbox },
      gateway: { timeoutMs: options.timeoutMs ?? 5_000, notifyUrl: notify.url },
    },
  );
  return {
    sandbox: consoleSide.sandbox,
    control: consoleSide.control,
    notifyUrl: notify.url,
    /** Replies our route gave, in order. */
    replies,
    async close() {
      await consoleSide.close();
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

/** PreOrder at the sandbox with the console's client (and notify URL). */
export async function preOrder(db: Db, input: { wallet: Wallet; amountCents: number; tid: string; prefix?: string }) {
  const outTradeNo = uniqueNo(input.prefix ?? 'GW');
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

export async function orderByNo(db: Db, outTradeNo: string) {
  const [row] = await db.select().from(orders).where(eq(orders.outTradeNo, outTradeNo));
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
