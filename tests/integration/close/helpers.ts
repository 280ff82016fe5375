import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '@/db/connect';
import { auditLog, gatewayCalls, orders } from '@/db/schema';
import { SYSTEM, type StaffActor } from '@/lib/auth/actor';
import { gateway } from '@/lib/eftpay/gateway';
import type { Wallet } from '@/lib/shared/wallets';
import { reconcileOnce } from '@/lib/jobs/reconcile';
import { ingestSale } from '@/lib/orders/ingest';
import { saleFactsFromQuery } from '@/lib/orders/sale-facts';
import { makeStaff, makeStore } from '../../support/fixtures';
import { openTestDatabase, restoreServerEnv, startConsoleSandbox, stubServerEnv } from '../../support/harness';
import { uniqueNo } from '../../support/unique';

export const USER_CONFIRM_KEY = 'CLOSE0001';
export const SECRET = 'close-it-secret-7c1d93ab';
/** Short, so the timeout fault (the sandbox holding its answer longer) ends quickly. */
export const CLIENT_TIMEOUT_MS = 1_500;

/**
 * One test file's world: a database handed to the action client, the sandbox gateway the console
 * talks to, a store CWB-like with one terminal, and its supervisor. The env is the one the server
 * reads at run time (CLOSE_MIN_AGE_MINUTES at its default, 15).
 */
export async function openCloseTestbed() {
  const credentials = { userConfirmKey: USER_CONFIRM_KEY, secretCode: SECRET };
  stubServerEnv(credentials, { CLOSE_MIN_AGE_MINUTES: '15' });
  const database = await openTestDatabase();
  const eftpay = await startConsoleSandbox(credentials, {
    sandbox: { expiryMinutes: 30 },
    gateway: { timeoutMs: CLIENT_TIMEOUT_MS },
  });
  const db = database.db;
  const store = await makeStore(db);
  const otherStore = await makeStore(db);
  const supervisor = await makeStaff(db, 'supervisor', [store.id]);

  return {
    db,
    sandbox: eftpay.sandbox,
    control: eftpay.control,
    store,
    otherStore,
    supervisor,
    async close() {
      await eftpay.close();
      await database.drop();
      restoreServerEnv();
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
  const outTradeNo = uniqueNo('C');
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
