import { eq, sql } from 'drizzle-orm';
import { connect, type Db } from '@/db/connect';
import { orders } from '@/db/schema';
import { type StaffActor, SYSTEM } from '@/lib/auth/actor';
import { type Gateway, gateway, gatewayConfig } from '@/lib/eftpay/gateway';
import { createSandboxControl, type SandboxControl } from '@/lib/eftpay/sandbox/control';
import type { FaultRequest } from '@/lib/eftpay/sandbox/control-schemas';
import { WALLETS } from '@/lib/eftpay/wallets';
import { mapLimit } from '@/lib/jobs/concurrency';
import { log } from '@/lib/log';
import { centsToAmount } from '@/lib/money';
import { findOrderAtEftpay } from '@/lib/orders/find-at-eftpay';
import { ingestSale } from '@/lib/orders/ingest';
import { saleFactsFromQuery } from '@/lib/orders/sale-facts';
import { type CreatedRefund, createRefund } from '@/lib/refunds/create';
import { type DemoKind, type PlannedOrder, type PlannedRefund, planDemoOrders } from './plan';
import { demoStaffActors } from './staff-actors';
import { installStoryClock, removeStoryClock } from './story-clock';
import { waitForHttp, waitForOrders, waitForRefunds } from './waits';

/**
 * Demo orders, created **through the sandbox gateway** (docs/architecture.md "Where orders come from" #4) so
 * that the sandbox knows every order the console shows and refunds on demo data work: PreOrder,
 * then the sandbox's "customer pays" control call, whose signed notification reaches the console's
 * own notify endpoint (PayMe/FPS never notify, docs/eftpay-gateway.md §4.5: ingested by Query, as the
 * reconciler would); unpaid and expired orders are looked up by the store's staff ("Find at
 * eftPay"); refunds go through the refund verb as the store's manager or supervisor, with the
 * sandbox's fault controls arranging eftPay's refusals, slow refunds and lost answers. What happens
 * when is the plan's (plan.ts), and the story clock (story-clock.ts) dates the rows accordingly.
 */

export type { DemoKind } from './plan';

export interface DemoSeedOptions {
  db: Db;
  count: number;
  /** Gateway calls in flight at once. Default 8. */
  concurrency?: number;
  now?: Date;
  /** How long to wait for eftPay's notifications before falling back to Query. Default 60 s + 20 ms/order. */
  notificationWaitMs?: number;
  /**
   * The role that owns the schema, when the console's own role owns nothing (least privilege):
   * the story clock's triggers are its to create. Default DATABASE_OWNER_URL (with DATABASE_URL).
   */
  ownerUrl?: string;
}

export interface DemoSeedResult {
  orders: number;
  refunds: number;
  byKind: Partial<Record<DemoKind, number>>;
  /** Paid orders that had to be fetched by Query because their notification never came. */
  notNotified: number;
}

type StaffOf = (email: string) => StaffActor;

/** Seeds `count` orders. Throws on the first gateway or database failure. */
export async function seedDemoOrders(options: DemoSeedOptions): Promise<DemoSeedResult> {
  const { db } = options;
  const now = options.now ?? new Date();
  const concurrency = options.concurrency ?? 8;
  const client = gateway(db);
  const control = createSandboxControl(gatewayConfig().baseUrl);
  // Never PreOrder at a real gateway: the control API exists only at the sandbox.
  if (!(await control.health())) throw new Error('The demo order seed needs the sandbox gateway (EFTPAY_BASE_URL).');
  if (!client.notifyUrl)
    throw new Error('The demo order seed needs the notify URL (EFTPAY_NOTIFY_BASE_URL or APP_URL).');
  await waitForHttp(client.notifyUrl, 60_000);

  const plan = planDemoOrders(options.count, now);
  const staff = await demoStaffActors(db);
  const started = Date.now();
  let missing: string[] = [];
  let refundCount = 0;
  const phases: Record<string, number> = {};
  const lap = (phase: string) => {
    phases[phase] = Date.now() - started;
  };
  // As the console opened its database (db/client.ts): an owner role only beside DATABASE_URL.
  const ownerUrl = options.ownerUrl ?? (process.env.DATABASE_URL ? process.env.DATABASE_OWNER_URL : undefined);
  const owner = ownerUrl ? await connect({ url: ownerUrl, poolSize: 1 }) : undefined;
  try {
    await installStoryClock(db, plan, owner?.db);
    lap('clock');
    await mapLimit(plan, concurrency, (order) => createAtSandbox(db, client, control, order, staff));
    lap('created');

    const notified = plan.filter((o) => o.paidAt && WALLETS[o.wallet].notifiesPayment).map((o) => o.outTradeNo);
    missing = await waitForOrders(db, notified, options.notificationWaitMs ?? 60_000 + 20 * plan.length);
    if (missing.length > 0) {
      log.warn({ missing: missing.length }, 'demo seed: some payment notifications did not arrive; asking eftPay');
      const byNo = new Map(plan.map((o) => [o.outTradeNo, o]));
      await mapLimit(missing, concurrency, (no) => ingestByQuery(db, client, byNo.get(no)!, 'order.reconciled'));
    }
    lap('notified');

    const refunded = plan.filter((o) => o.refunds.length > 0);
    const made = (await mapLimit(refunded, concurrency, (order) => refundAsPlanned(db, control, order, staff))).flat();
    refundCount = made.length;
    lap('refunded');
    // WeChat's refunds settle by notification a moment later; the slow and lost ones are left in
    // flight on purpose, for eftPay's notification and the reconciler to settle after the seed.
    await waitForRefunds(
      db,
      made.filter((r) => r.settlesNow).map((r) => r.id),
      30_000,
    );
  } finally {
    await removeStoryClock(owner?.db ?? db);
    await owner?.close();
  }

  const byKind: Partial<Record<DemoKind, number>> = {};
  for (const order of plan) byKind[order.kind] = (byKind[order.kind] ?? 0) + 1;
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(orders);
  log.info({ orders: plan.length, refunds: refundCount, ms: Date.now() - started, phases }, 'demo orders seeded');
  return { orders: Number(row?.n ?? 0), refunds: refundCount, byKind, notNotified: missing.length };
}

async function createAtSandbox(
  db: Db,
  client: Gateway,
  control: SandboxControl,
  order: PlannedOrder,
  staff: StaffOf,
): Promise<void> {
  const created = await client.preOrder({
    wallet: order.wallet,
    outTradeNo: order.outTradeNo,
    amountCents: order.amountCents,
    subject: order.subject,
    tid: order.tid,
    notifyUrl: client.notifyUrl,
  });
  if (created.kind !== 'accepted') throw new Error(`demo PreOrder ${order.outTradeNo}: ${created.kind}`);
  if (order.paidAt) {
    // The sandbox POSTs the signed payment notification to our notify endpoint (not PayMe/FPS).
    await control.pay(order.outTradeNo, {
      paidAt: order.paidAt.toISOString(),
      ...(order.kind === 'failed' ? { outcome: 'failed' as const } : {}),
    });
    await control.backdate(order.outTradeNo, order.createdAt);
    if (!WALLETS[order.wallet].notifiesPayment) await ingestByQuery(db, client, order, 'order.reconciled');
    return;
  }
  await control.backdate(order.outTradeNo, order.createdAt);
  if (!order.foundBy) return ingestByQuery(db, client, order, 'order.found_at_eftpay');
  await findOrderAtEftpay({
    ctx: { db, actor: staff(order.foundBy) },
    input: { outTradeNo: order.outTradeNo, wallet: order.wallet },
  });
}

async function ingestByQuery(db: Db, client: Gateway, order: PlannedOrder, action: string): Promise<void> {
  const answer = await client.queryOrder({ wallet: order.wallet, outTradeNo: order.outTradeNo });
  if (answer.kind !== 'accepted') throw new Error(`demo Query ${order.outTradeNo}: ${answer.kind}`);
  const facts = saleFactsFromQuery(answer.data, answer.tradeStatus, { wallet: order.wallet });
  if (!facts) throw new Error(`demo Query ${order.outTradeNo}: no amount`);
  await db.transaction((tx) => ingestSale(tx, facts, { actor: SYSTEM, action }));
}

/** What the refund verb answers for each script: anything else means the sandbox did not play along. */
const EXPECTED: Record<PlannedRefund['script']['kind'], ReadonlyArray<CreatedRefund['status']>> = {
  answered: ['succeeded', 'processing'],
  refused: ['failed'],
  slow: ['processing'],
  lost: ['unknown'],
};

async function refundAsPlanned(
  db: Db,
  control: SandboxControl,
  order: PlannedOrder,
  staff: StaffOf,
): Promise<Array<{ id: string; settlesNow: boolean }>> {
  const [row] = await db.select({ id: orders.id }).from(orders).where(eq(orders.outTradeNo, order.outTradeNo));
  if (!row) throw new Error(`demo order ${order.outTradeNo} never arrived`);
  const done: Array<{ id: string; settlesNow: boolean }> = [];
  for (const planned of order.refunds) {
    const fault = faultFor(order, planned);
    if (fault) await control.fault(fault);
    const refund = await createRefund({
      ctx: { db, actor: staff(planned.staff) },
      input: {
        orderId: row.id,
        amount: centsToAmount(planned.amountCents),
        reason: planned.reason,
        note: planned.note,
        idempotencyKey: planned.key,
      },
    });
    if (!EXPECTED[planned.script.kind].includes(refund.status)) {
      throw new Error(`demo refund on ${order.outTradeNo} ended ${refund.status} (planned: ${planned.script.kind})`);
    }
    done.push({ id: refund.refundId, settlesNow: planned.script.kind === 'answered' && refund.status !== 'succeeded' });
  }
  return done;
}

/** The sandbox fault that makes eftPay behave as planned for this one refund call. */
function faultFor(order: PlannedOrder, planned: PlannedRefund): FaultRequest | null {
  const wallet = WALLETS[order.wallet];
  // Only the refund call: a fault left over must never land on a later Query of the order.
  const match =
    wallet.refundApi === 'qr-refund'
      ? { outTradeNo: order.outTradeNo, service: wallet.services.qrRefund! }
      : {
          outTradeNo: order.outTradeNo,
          path: wallet.refundApi === 'app-apply-refund' ? 'AppTradeApplyRefund.do' : 'AppTradeRefund.do',
        };
  const script = planned.script;
  switch (script.kind) {
    case 'answered':
      return null;
    case 'refused':
      // Not applied, answered on a sound channel: a signed "99, request not processed".
      return { match, fault: 'processing-then-result', apply: false };
    case 'slow':
      return wallet.refundApi === 'app-apply-refund'
        ? { match, fault: 'apply-success-then-notification', delayMs: script.forMs }
        : { match, fault: 'processing-then-result', delayMs: script.forMs };
    case 'lost':
      return { match, fault: script.fault, apply: script.reachedEftpay };
  }
}
