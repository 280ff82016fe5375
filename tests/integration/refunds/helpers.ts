import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db/connect';
import { auditLog, orders, refunds } from '@/db/schema';
import { SYSTEM } from '@/lib/auth/actor';
import { configureGateway, type GatewayConfig, gateway } from '@/lib/eftpay/gateway';
import { notificationReply } from '@/lib/eftpay/notifications';
import { createSandboxControl, type SandboxControl } from '@/lib/eftpay/sandbox/control';
import { type SandboxOptions, startSandbox } from '@/lib/eftpay/sandbox/server';
import type { Wallet } from '@/lib/eftpay/wallets';
import { receiveNotification } from '@/lib/notifications/receive';
import { ingestSale } from '@/lib/orders/ingest';
import { saleFactsFromQuery } from '@/lib/orders/sale-facts';
import { refundableCents, refundTotals } from '@/lib/refunds/remainder';

export const USER_CONFIRM_KEY = 'S0003469';
export const SECRET = 'refunds-it-secret-4c2a9e';

let counter = 0;
/** Unique per run and per file (files share one Postgres server), ≤ 28 characters. */
export function uniqueNo(prefix = 'RT'): string {
  counter += 1;
  const random = Math.floor(Math.random() * 36 ** 4).toString(36);
  return `${prefix}${Date.now().toString(36)}${random}${counter.toString(36)}`.toUpperCase().slice(0, 28);
}

/**
 * The eftPay sandbox in-process, the console's gateway pointed at it, and a notify URL served by
 * the console's own notification handler — so refund notifications settle refunds as in production.
 */
export async function startRefundGateway(
  db: Db,
  options: { sandbox?: Partial<SandboxOptions>; timeoutMs?: number } = {},
) {
  const notify = await startNotifyServer(db);
  const sandbox = await startSandbox({
    port: 0,
    userConfirmKey: USER_CONFIRM_KEY,
    secretCode: SECRET,
    notifyRetryDelaysMs: [50, 100, 200],
    applyRefundNotifyDelayMs: 200,
    ...options.sandbox,
  });
  // Generous by default: the machines running these tests can be busy, and a slow answer must not
  // turn into an "unknown" the test did not ask for. The timeout test sets a short one itself.
  const config: GatewayConfig = {
    baseUrl: sandbox.url,
    userConfirmKey: USER_CONFIRM_KEY,
    secretCode: SECRET,
    timeoutMs: options.timeoutMs ?? 20_000,
    notifyUrl: notify.url,
  };
  configureGateway(config);
  const control = createSandboxControl(sandbox.url);
  return {
    sandbox,
    control,
    /** Runs `fn` with the console's gateway client configured differently (e.g. a short timeout). */
    async withGateway<T>(overrides: Partial<GatewayConfig>, fn: () => Promise<T>): Promise<T> {
      configureGateway({ ...config, ...overrides });
      try {
        return await fn();
      } finally {
        configureGateway(config);
      }
    },
    notifyUrl: notify.url,
    /** Every notification our handler received, with its result. */
    notifications: notify.results,
    async close() {
      configureGateway(undefined);
      await sandbox.close();
      await notify.close();
    },
  };
}

async function startNotifyServer(db: Db) {
  const results: string[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        let body: unknown;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          body = Buffer.concat(chunks).toString('utf8');
        }
        let ok = false;
        try {
          const outcome = await receiveNotification(db, body, { ip: '127.0.0.1', secretCode: SECRET });
          ok = outcome.ok;
          results.push(outcome.result);
        } catch {
          results.push('error');
        }
        res.writeHead(ok ? 200 : 500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(notificationReply(ok, SECRET)));
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/eftpay/notify`,
    results,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A paid order exactly as eftPay knows it: PreOrder at the sandbox, the customer pays, and the
 * console records the sale from eftPay's Query answer (as "Find at eftPay" and the reconciler do).
 */
export async function paidOrder(
  db: Db,
  control: SandboxControl,
  input: { tid: string; amountCents: number; wallet?: Wallet },
) {
  const wallet = input.wallet ?? 'ALIPAYHK';
  const client = gateway(db);
  let outTradeNo = '';
  const created = await settingUp(() => {
    outTradeNo = uniqueNo('PO');
    return client.preOrder({
      wallet,
      outTradeNo,
      amountCents: input.amountCents,
      subject: 'Refund test',
      tid: input.tid,
      notifyUrl: client.notifyUrl,
    });
  });
  if (created.kind !== 'accepted') throw new Error(`preorder failed: ${JSON.stringify(created)}`);
  await control.pay(outTradeNo, { notify: false });
  const answer = await settingUp(() => client.queryOrder({ wallet, outTradeNo }));
  if (answer.kind !== 'accepted') throw new Error(`query failed: ${JSON.stringify(answer)}`);
  const facts = saleFactsFromQuery(answer.data, answer.tradeStatus, { wallet, amountCents: input.amountCents });
  if (!facts) throw new Error('no sale facts');
  const ingested = await db.transaction((tx) => ingestSale(tx, facts, { actor: SYSTEM, action: 'order.found' }));
  return orderRow(db, ingested.orderId);
}

/**
 * Set-up calls only (never the calls under test) are retried when the connection was lost: the
 * sandbox shares this process's event loop with PGlite, and after a long synchronous stretch it
 * can close an idle keep-alive socket just as the client reuses it.
 */
async function settingUp<T extends { kind: string }>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    const result = await call();
    const lost = result.kind === 'unknown' && (result as { reason?: string }).reason === 'network';
    if (!lost || attempt === 3) return result;
  }
}

export async function orderRow(db: Db, id: string) {
  const [row] = await db.select().from(orders).where(eq(orders.id, id));
  if (!row) throw new Error(`order ${id} not found`);
  return row;
}

export async function refundRows(db: Db, orderId: string) {
  return db.select().from(refunds).where(eq(refunds.orderId, orderId));
}

export async function refundRow(db: Db, id: string) {
  const [row] = await db.select().from(refunds).where(eq(refunds.id, id));
  if (!row) throw new Error(`refund ${id} not found`);
  return row;
}

/** The remainder as createRefund computes it under the lock. */
export async function remainderOf(db: Db, orderId: string): Promise<number> {
  const order = await orderRow(db, orderId);
  return refundableCents(order.amountCents, await refundTotals(db, orderId));
}

export async function auditRowsFor(db: Db, entityId: string) {
  return db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entityType, 'refund'), eq(auditLog.entityId, entityId)))
    .orderBy(auditLog.id);
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
export function refundInput(orderId: string, amount: string, extra: Partial<Record<string, string>> = {}) {
  return {
    orderId,
    amount,
    reason: 'customer_request' as const,
    note: '',
    idempotencyKey: crypto.randomUUID(),
    ...extra,
  };
}

/** Refund requests the sandbox received for an order: either app-scene endpoint or a QR-scene Refund service. */
export async function gatewayRefundCalls(control: SandboxControl, outTradeNo: string) {
  const requests = await control.requests({ outTradeNo });
  return requests.filter((r) => {
    const service = (r.body as { service?: unknown } | null)?.service;
    return r.path.endsWith('Refund.do') || (typeof service === 'string' && service.endsWith('.Refund'));
  });
}
