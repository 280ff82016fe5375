import { randomBytes, randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '@/db/connect';
import { orders, refunds, staffStores, staffUsers, stores, storeTerminals } from '@/db/schema';
import { type StaffActor, SYSTEM } from '@/lib/auth/actor';
import { scopeFor } from '@/lib/auth/scope';
import { type Gateway, gateway, gatewayConfig } from '@/lib/eftpay/gateway';
import { createSandboxControl, type SandboxControl } from '@/lib/eftpay/sandbox/control';
import { toGatewayTime } from '@/lib/eftpay/time';
import { WALLETS, type Wallet } from '@/lib/eftpay/wallets';
import { mapLimit } from '@/lib/jobs/concurrency';
import { log } from '@/lib/log';
import { centsToAmount } from '@/lib/money';
import { ingestSale } from '@/lib/orders/ingest';
import { saleFactsFromQuery } from '@/lib/orders/sale-facts';
import { createRefund } from '@/lib/refunds/create';
import type { RefundReason } from '@/lib/refunds/schemas';
import { DEMO_STORES, DEMO_USERS, UNMAPPED_TID } from './accounts';

/**
 * Demo orders, created **through the sandbox gateway** (docs/architecture.md "Where orders come from" #4) so
 * that the sandbox knows every order the console shows and refunds on demo data work: PreOrder,
 * then the sandbox's "customer pays" control call, whose signed notification reaches the console's
 * own notify endpoint (PayMe/FPS never notify, docs/eftpay-gateway.md §4.5: ingested by Query, as the
 * reconciler would);
 * unpaid and expired orders are brought in by Query ("Find at eftPay"); refunds go through the
 * refund verb as the store's manager/supervisor. The plan is seeded-random, so every run has the
 * same mix; order numbers and times are fresh (relative to now).
 */

export type DemoKind =
  | 'paid'
  | 'partly_refunded'
  | 'fully_refunded'
  | 'failed'
  | 'unpaid_recent'
  | 'unpaid_abandoned'
  | 'closed';

export interface DemoSeedOptions {
  db: Db;
  count: number;
  /** Gateway calls in flight at once. Default 8. */
  concurrency?: number;
  now?: Date;
  /** How long to wait for eftPay's notifications before falling back to Query. Default 60 s + 20 ms/order. */
  notificationWaitMs?: number;
}

export interface DemoSeedResult {
  orders: number;
  refunds: number;
  byKind: Record<DemoKind, number>;
  /** Paid orders that had to be fetched by Query because their notification never came. */
  notNotified: number;
}

/** Share of each kind (the rest is plain paid) and the minimum so small seeds still show every kind. */
const MIX: ReadonlyArray<[DemoKind, number, number]> = [
  ['partly_refunded', 0.12, 3],
  ['fully_refunded', 0.08, 3],
  ['failed', 0.02, 1],
  ['unpaid_recent', 0.04, 2],
  ['unpaid_abandoned', 0.05, 3],
  ['closed', 0.04, 2],
];

const WALLET_WEIGHTS: ReadonlyArray<[Wallet, number]> = [
  ['ALIPAYHK', 22],
  ['WECHATHK', 13],
  ['WECHATCN', 12],
  ['ALIPAYCN', 11],
  ['PAYME', 11],
  ['UNIONPAY', 8],
  ['ATOME', 6],
  ['FPS', 9],
  ['GBPAY', 5],
];

const STORE_TIDS = ['T-CWB-01', 'T-TST-01', 'T-MK-01', 'T-CWB-02'] as const;
const SUBJECTS = [
  'Lunch set',
  '奶茶 x2',
  'Dim sum for four',
  '護膚品套裝',
  'Gift card',
  'Phone case',
  '生日蛋糕',
  'Coffee beans 500g',
  '文具',
  'Dinner for two',
  'Bubble tea',
  '雨傘',
];
const REASONS: ReadonlyArray<[RefundReason, number]> = [
  ['customer_request', 35],
  ['returned_goods', 25],
  ['wrong_amount', 12],
  ['duplicate_payment', 10],
  ['service_problem', 10],
  ['other', 8],
];
const NOTES = [
  '顧客要求退款',
  '貨品有瑕疵',
  '重複付款，已核實',
  '客人取消訂單',
  'Customer changed their mind',
  'Item out of stock',
  '收銀員輸入錯誤金額',
  '',
];
const OTHER_NOTES = ['Goodwill gesture for a late delivery', '店舖活動回贈', 'Price matched a competitor'];

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

interface PlannedRefund {
  amountCents: number;
  reason: RefundReason;
  note: string;
  at: Date;
}

interface PlannedOrder {
  outTradeNo: string;
  kind: DemoKind;
  wallet: Wallet;
  tid: string;
  amountCents: number;
  subject: string;
  createdAt: Date;
  paidAt?: Date;
  refunds: PlannedRefund[];
}

/** mulberry32: a tiny deterministic PRNG, so the demo mix is the same on every run. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const weighted = <T>(items: ReadonlyArray<readonly [T, number]>): T => {
    let roll = next() * items.reduce((sum, [, w]) => sum + w, 0);
    for (const [item, w] of items) {
      roll -= w;
      if (roll < 0) return item;
    }
    return items[items.length - 1]![0];
  };
  return { next, int, pick, weighted };
}
type Random = ReturnType<typeof prng>;

function kindsFor(count: number, random: Random): DemoKind[] {
  const kinds: DemoKind[] = [];
  for (const [kind, share, min] of MIX) {
    for (let i = Math.max(min, Math.round(count * share)); i > 0; i -= 1) kinds.push(kind);
  }
  while (kinds.length < count) kinds.push('paid');
  for (let i = kinds.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random.next() * (i + 1));
    [kinds[i], kinds[j]] = [kinds[j]!, kinds[i]!];
  }
  return kinds.slice(0, count);
}

function walletFor(kind: DemoKind, random: Random): Wallet {
  for (;;) {
    const wallet = random.weighted(WALLET_WEIGHTS);
    const refunded = kind === 'partly_refunded' || kind === 'fully_refunded';
    if (refunded && WALLETS[wallet].refundApi === null) continue; // FPS: no refund at eftPay.
    if (kind === 'unpaid_abandoned' && WALLETS[wallet].services.close === null) continue; // closable ones.
    return wallet;
  }
}

/** A moment on one of the last 30 days, in Hong Kong shop hours (10:00–21:59), before `latest`. */
function shopTime(random: Random, now: Date, latest: Date): Date {
  for (;;) {
    const hkMidnight = Math.floor((now.getTime() + 8 * HOUR) / DAY) * DAY - 8 * HOUR;
    const at =
      hkMidnight - random.int(0, 29) * DAY + random.int(10 * 60, 22 * 60 - 1) * MINUTE + random.int(0, 59) * 1000;
    if (at <= latest.getTime()) return new Date(at);
  }
}

function amountFor(random: Random): number {
  // Log-uniform between HK$12 and HK$3,000, in 10-cent steps: mostly small tickets, a few big ones.
  const cents = Math.exp(Math.log(1_200) + random.next() * (Math.log(300_000) - Math.log(1_200)));
  return Math.max(100, Math.round(cents / 10) * 10);
}

function refundPlan(kind: DemoKind, amountCents: number, paidAt: Date, now: Date, random: Random): PlannedRefund[] {
  const split = random.next() < 0.3;
  const portion = Math.floor((amountCents * random.int(10, 45)) / 100 / 10) * 10 || 1;
  const amounts =
    kind === 'fully_refunded'
      ? split && amountCents > 200
        ? [portion, amountCents - portion]
        : [amountCents]
      : split && portion > 20
        ? [Math.floor(portion / 2), portion - Math.floor(portion / 2)]
        : [portion];
  let at = paidAt.getTime();
  return amounts.map((amountCents) => {
    at = Math.min(at + random.int(20, 3 * 24 * 60) * MINUTE, now.getTime() - MINUTE);
    const reason = random.weighted(REASONS);
    const note = reason === 'other' ? random.pick(OTHER_NOTES) : random.pick(NOTES);
    return { amountCents, reason, note, at: new Date(at) };
  });
}

export function planDemoOrders(count: number, now: Date, seed = 20240601): PlannedOrder[] {
  const random = prng(seed);
  let paidIndex = 0;
  const perKind = new Map<DemoKind, number>();
  return kindsFor(count, random).map((kind) => {
    const nth = perKind.get(kind) ?? 0;
    perKind.set(kind, nth + 1);
    // Round-robin over the stores per kind, so even a small seed gives every store every kind.
    let tid: string = STORE_TIDS[nth % STORE_TIDS.length]!;
    if (kind === 'paid' && paidIndex++ % 30 === 2) tid = UNMAPPED_TID;
    const wallet = walletFor(kind, random);
    const amountCents = amountFor(random);
    let createdAt: Date;
    let paidAt: Date | undefined;
    if (kind === 'unpaid_recent') createdAt = new Date(now.getTime() - random.int(0, 8 * 60) * 1000);
    else if (kind === 'unpaid_abandoned') createdAt = new Date(now.getTime() - random.int(16, 12 * 60) * MINUTE);
    // Older than the sandbox's expiry (24 h in the demo stack): eftPay reports them TRADE_CLOSED.
    else if (kind === 'closed') createdAt = shopTime(random, now, new Date(now.getTime() - 26 * HOUR));
    else {
      paidAt = shopTime(random, now, new Date(now.getTime() - 20 * MINUTE));
      createdAt = new Date(paidAt.getTime() - random.int(20, 240) * 1000);
    }
    const suffix = randomBytes(4).readUInt32BE().toString(36).toUpperCase().padStart(6, '0');
    return {
      outTradeNo: `DM${toGatewayTime(createdAt).slice(2)}${suffix}`,
      kind,
      wallet,
      tid,
      amountCents,
      subject: random.pick(SUBJECTS),
      createdAt,
      paidAt,
      refunds:
        kind === 'partly_refunded' || kind === 'fully_refunded'
          ? refundPlan(kind, amountCents, paidAt!, now, random)
          : [],
    };
  });
}

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
  const started = Date.now();
  await mapLimit(plan, concurrency, (order) => createAtSandbox(db, client, control, order));

  const notified = plan.filter((o) => o.paidAt && WALLETS[o.wallet].notifiesPayment).map((o) => o.outTradeNo);
  const missing = await waitForOrders(db, notified, options.notificationWaitMs ?? 60_000 + 20 * plan.length);
  if (missing.length > 0) {
    log.warn({ missing: missing.length }, 'demo seed: some payment notifications did not arrive; asking eftPay');
    const byNo = new Map(plan.map((o) => [o.outTradeNo, o]));
    await mapLimit(missing, concurrency, (no) => ingestByQuery(db, client, byNo.get(no)!, 'order.reconciled'));
  }

  const actors = await demoActors(db);
  const refunded = plan.filter((o) => o.refunds.length > 0);
  const refundIds = (await mapLimit(refunded, concurrency, (order) => refundAsStaff(db, order, actors))).flat();
  await waitForRefunds(
    db,
    refundIds.map((r) => r.id),
    30_000,
  );
  await spreadRefundTimes(db, refundIds);

  const byKind: Record<DemoKind, number> = {
    paid: 0,
    partly_refunded: 0,
    fully_refunded: 0,
    failed: 0,
    unpaid_recent: 0,
    unpaid_abandoned: 0,
    closed: 0,
  };
  for (const order of plan) byKind[order.kind] += 1;
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(orders);
  log.info({ orders: plan.length, refunds: refundIds.length, ms: Date.now() - started }, 'demo orders seeded');
  return { orders: Number(row?.n ?? 0), refunds: refundIds.length, byKind, notNotified: missing.length };
}

async function createAtSandbox(db: Db, client: Gateway, control: SandboxControl, order: PlannedOrder): Promise<void> {
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
  await ingestByQuery(db, client, order, 'order.found_at_eftpay');
}

async function ingestByQuery(db: Db, client: Gateway, order: PlannedOrder, action: string): Promise<void> {
  const answer = await client.queryOrder({ wallet: order.wallet, outTradeNo: order.outTradeNo });
  if (answer.kind !== 'accepted') throw new Error(`demo Query ${order.outTradeNo}: ${answer.kind}`);
  const facts = saleFactsFromQuery(answer.data, answer.tradeStatus, { wallet: order.wallet });
  if (!facts) throw new Error(`demo Query ${order.outTradeNo}: no amount`);
  await db.transaction((tx) => ingestSale(tx, facts, { actor: SYSTEM, action }));
}

/** Who refunds in each store: its manager (sometimes the supervisor); MK and unassigned: the admin. */
async function demoActors(db: Db): Promise<(tid: string, random: number) => StaffActor> {
  const emails = DEMO_USERS.map((u) => u.email);
  const rows = await db
    .select({
      id: staffUsers.id,
      email: staffUsers.email,
      name: staffUsers.name,
      role: staffUsers.role,
      storeId: staffStores.storeId,
    })
    .from(staffUsers)
    .leftJoin(staffStores, eq(staffStores.staffId, staffUsers.id))
    .where(inArray(staffUsers.email, emails));
  const actor = (email: string): StaffActor => {
    const mine = rows.filter((r) => r.email === email);
    const first = mine[0];
    if (!first) throw new Error(`demo staff ${email} is missing; seed the demo staff first`);
    const storeIds = mine.flatMap((r) => (r.storeId ? [r.storeId] : []));
    return {
      kind: 'staff',
      staffId: first.id,
      sessionId: null,
      name: first.name,
      email: first.email,
      role: first.role,
      storeIds,
      scope: scopeFor(first.role, storeIds),
      ip: null,
      userAgent: 'demo-seed',
    };
  };
  const terminals = await db
    .select({ tid: storeTerminals.tid, code: stores.code })
    .from(storeTerminals)
    .innerJoin(stores, eq(stores.id, storeTerminals.storeId))
    .where(
      inArray(
        storeTerminals.tid,
        DEMO_STORES.flatMap((s) => [...s.tids]),
      ),
    );
  const codeOf = new Map(terminals.map((t) => [t.tid, t.code]));
  const byStore: Record<string, StaffActor[]> = {
    CWB: [actor('manager@demo.local'), actor('supervisor@demo.local')],
    TST: [actor('manager.tst@demo.local'), actor('supervisor@demo.local')],
  };
  const admin = actor('admin@demo.local');
  return (tid, roll) => {
    const candidates = byStore[codeOf.get(tid) ?? ''];
    if (!candidates) return admin;
    return roll < 0.7 ? candidates[0]! : candidates[1]!;
  };
}

async function refundAsStaff(
  db: Db,
  order: PlannedOrder,
  actorFor: (tid: string, roll: number) => StaffActor,
): Promise<Array<{ id: string; at: Date }>> {
  const [row] = await db.select({ id: orders.id }).from(orders).where(eq(orders.outTradeNo, order.outTradeNo));
  if (!row) throw new Error(`demo order ${order.outTradeNo} never arrived`);
  const done: Array<{ id: string; at: Date }> = [];
  for (const [index, planned] of order.refunds.entries()) {
    const refund = await createRefund({
      ctx: { db, actor: actorFor(order.tid, ((order.amountCents + index) % 10) / 10) },
      input: {
        orderId: row.id,
        amount: centsToAmount(planned.amountCents),
        reason: planned.reason,
        note: planned.note,
        idempotencyKey: randomUUID(),
      },
    });
    if (refund.status !== 'succeeded' && refund.status !== 'processing') {
      throw new Error(`demo refund on ${order.outTradeNo} ended ${refund.status}`);
    }
    done.push({ id: refund.refundId, at: planned.at });
  }
  return done;
}

/**
 * Demo only: the refund verb stamps refunds with the time of seeding; move each to its planned
 * moment after the payment so history and the finance chart span the month. Their audit rows keep
 * the real time they were written (the audit log is append-only).
 */
async function spreadRefundTimes(db: Db, planned: Array<{ id: string; at: Date }>): Promise<void> {
  await mapLimit(planned, 8, ({ id, at }) =>
    db
      .update(refunds)
      .set({
        requestedAt: at,
        updatedAt: at,
        completedAt: sql`case when ${refunds.completedAt} is null then null else ${new Date(at.getTime() + 2_000).toISOString()}::timestamptz end`,
      })
      .where(eq(refunds.id, id)),
  );
}

async function waitForOrders(db: Db, outTradeNos: string[], timeoutMs: number): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  let missing = outTradeNos;
  while (missing.length > 0) {
    const found = new Set<string>();
    for (let i = 0; i < missing.length; i += 1000) {
      const chunk = missing.slice(i, i + 1000);
      const rows = await db.select({ no: orders.outTradeNo }).from(orders).where(inArray(orders.outTradeNo, chunk));
      for (const r of rows) found.add(r.no);
    }
    missing = missing.filter((no) => !found.has(no));
    if (missing.length === 0 || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return missing;
}

/** WeChat refunds settle by notification a moment later (apply-refund); wait a while for them. */
async function waitForRefunds(db: Db, ids: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (ids.length > 0 && Date.now() < deadline) {
    const open = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(refunds)
      .where(and(inArray(refunds.id, ids), inArray(refunds.status, ['requested', 'processing', 'unknown'])));
    if (Number(open[0]?.n ?? 0) === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await fetch(url, { method: 'GET' });
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
