import { and, asc, eq } from 'drizzle-orm';
import { vi } from 'vitest';
import { setDatabase } from '@/db/client';
import type { Db } from '@/db/connect';
import { auditLog, gatewayCalls, orders } from '@/db/schema';
import { SYSTEM, type StaffActor } from '@/lib/auth/actor';
import { createSandboxControl } from '@/lib/eftpay/sandbox/control';
import { startSandbox } from '@/lib/eftpay/sandbox/server';
import { configureGateway, gateway } from '@/lib/eftpay/gateway';
import type { Wallet } from '@/lib/eftpay/wallets';
import { resetEnvCache } from '@/lib/env';
import { reconcileOnce } from '@/lib/jobs/reconcile';
import { ingestSale } from '@/lib/orders/ingest';
import { saleFactsFromQuery } from '@/lib/orders/sale-facts';
import { createTestDatabase } from '../../support/db';
import { makeStaff, makeStore } from '../../support/fixtures';

export const USER_CONFIRM_KEY = 'CLOSE0001';
export const SECRET = 'close-it-secret-7c1d93ab';
/** Short, so the timeout fault (the sandbox holding its answer longer) ends quickly. */
export const CLIENT_TIMEOUT_MS = 1_500;

let counter = 0;
/** Unique per run (files share a Postgres template and the sandbox is per file), ≤ 28 characters. */
export function tradeNo(prefix = 'C'): string {
  counter += 1;
  return `${prefix}${Date.now().toString(36).toUpperCase()}${counter.toString(36).toUpperCase()}`.slice(0, 28);
}

/**
 * One test file's world: a database handed to the action client, the sandbox gateway the console
 * talks to, a store CWB-like with one terminal, and its supervisor. The env is the one the server
 * reads at run time (CLOSE_MIN_AGE_MINUTES at its default, 15).
 */
export async function openCloseTestbed() {
  vi.stubEnv('AUTH_SECRET', 'test-auth-secret-0123456789abcdef0123456789');
  vi.stubEnv('EFTPAY_BASE_URL', 'http://127.0.0.1:9/VMP');
  vi.stubEnv('EFTPAY_USER_CONFIRM_KEY', USER_CONFIRM_KEY);
  vi.stubEnv('EFTPAY_SECRET_CODE', SECRET);
  vi.stubEnv('CLOSE_MIN_AGE_MINUTES', '15');
  resetEnvCache();

  const database = await createTestDatabase();
  setDatabase(database);
  const sandbox = await startSandbox({
    port: 0,
    userConfirmKey: USER_CONFIRM_KEY,
    secretCode: SECRET,
    expiryMinutes: 30,
  });
  configureGateway({
    baseUrl: sandbox.url,
    userConfirmKey: USER_CONFIRM_KEY,
    secretCode: SECRET,
    timeoutMs: CLIENT_TIMEOUT_MS,
    notifyUrl: 'http://127.0.0.1:9/api/eftpay/notify',
  });
  const control = createSandboxControl(sandbox.url);
  const db = database.db;
  const store = await makeStore(db);
  const otherStore = await makeStore(db);
  const supervisor = await makeStaff(db, 'supervisor', [store.id]);

  return {
    db,
    sandbox,
    control,
    store,
    otherStore,
    supervisor,
    async close() {
      configureGateway(undefined);
      await sandbox.close();
      await database.drop();
      vi.unstubAllEnvs();
      resetEnvCache();
    },
  };
}

export type Testbed = Awaited<ReturnType<typeof openCloseTestbed>>;

/**
 * An unpaid order as staff would bring it in: PreOrder at the sandbox (on the store's terminal),
 * then "Find at eftPay" (Query + ingest), then made `ageMinutes` old in our records.
 */
export async function unpaidOrder(
  tb: Pick<Testbed, 'db'>,
  options: { wallet?: Wallet; tid: string; ageMinutes?: number; amountCents?: number },
) {
  const wallet = options.wallet ?? 'ALIPAYHK';
  const outTradeNo = tradeNo();
  const amountCents = options.amountCents ?? 4_200;
  const client = gateway(tb.db);
  const created = await client.preOrder({
    wallet,
    outTradeNo,
    amountCents,
    subject: 'Abandoned cart',
    tid: options.tid,
  });
  if (created.kind !== 'accepted') throw new Error(`PreOrder failed: ${JSON.stringify(created)}`);
  const answer = await client.queryOrder({ wallet, outTradeNo });
  if (answer.kind !== 'accepted') throw new Error(`Query failed: ${JSON.stringify(answer)}`);
  const facts = saleFactsFromQuery(answer.data, answer.tradeStatus, { wallet })!;
  const { orderId } = await tb.db.transaction((tx) =>
    ingestSale(tx, facts, { actor: SYSTEM, action: 'order.found_at_eftpay' }),
  );
  await backdate(tb.db, orderId, options.ageMinutes ?? 20);
  return { orderId, outTradeNo, wallet, amountCents };
}

/** Makes the order `minutes` old in our records (the sandbox's own clock is left alone). */
export async function backdate(db: Db, orderId: string, minutes: number) {
  await db
    .update(orders)
    .set({ createdAt: new Date(Date.now() - minutes * 60_000) })
    .where(eq(orders.id, orderId));
}

export async function orderRow(db: Db, orderId: string) {
  const [row] = await db.select().from(orders).where(eq(orders.id, orderId));
  return row!;
}

/** The order's timeline: its audit rows, oldest first. */
export async function timeline(db: Db, orderId: string) {
  return db.select().from(auditLog).where(eq(auditLog.orderId, orderId)).orderBy(asc(auditLog.id));
}

export async function closeCallsLogged(db: Db, outTradeNo: string) {
  return db
    .select()
    .from(gatewayCalls)
    .where(and(eq(gatewayCalls.outTradeNo, outTradeNo), eq(gatewayCalls.api, 'close')));
}

/** What the sandbox received for this order on the Close services, bodies exactly as sent. */
export async function closeRequestsReceived(tb: Pick<Testbed, 'control'>, outTradeNo: string) {
  const received = await tb.control.requests({ outTradeNo, path: 'JSAPIService.do' });
  return received
    .map((entry) => entry.body as Record<string, string>)
    .filter((body) => typeof body.service === 'string' && body.service.endsWith('.Close'));
}

/**
 * One pass of the background reconciler, as if run a few minutes from now: every unpaid order due
 * a check (next_check_at) is asked about at eftPay and the answer recorded.
 */
export async function runReconciler(db: Db, minutesAhead = 2) {
  return reconcileOnce({ db, now: new Date(Date.now() + minutesAhead * 60_000) });
}

export async function supervisorOf(db: Db, storeIds: string[]): Promise<StaffActor> {
  return makeStaff(db, 'supervisor', storeIds);
}

/** An order row straight into our records (no sandbox) — for the read-side tests. */
export async function insertOrder(db: Db, values: Partial<typeof orders.$inferInsert> & { storeId: string | null }) {
  const [row] = await db
    .insert(orders)
    .values({ outTradeNo: tradeNo('L'), wallet: 'ALIPAYHK', amountCents: 10_000, status: 'unpaid', ...values })
    .returning();
  return row!;
}
