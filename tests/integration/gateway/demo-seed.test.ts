import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/connect';
import { auditLog, orders, refunds, staffStores, staffUsers, stores } from '@/db/schema';
import { scopeFor } from '@/lib/auth/scope';
import type { SandboxOrder } from '@/lib/eftpay/sandbox/state-schema';
import { WALLETS } from '@/lib/eftpay/wallets';
import { reconcileOnce } from '@/lib/jobs/reconcile';
import { listOrders } from '@/lib/orders/list';
import { UNMAPPED_TID } from '@/scripts/demo/accounts';
import { type DemoSeedResult, seedDemoOrders } from '@/scripts/demo/seed-orders';
import { seedDemoStaff } from '@/scripts/demo/seed-staff';
import { testDatabaseForFile } from '../../support/harness';
import { startConsoleGateway } from './helpers';

const database = testDatabaseForFile();
let db: Db;
let gw: Awaited<ReturnType<typeof startConsoleGateway>>;
let result: DemoSeedResult;
let atSandbox: Map<string, SandboxOrder>;
let seededAt: Date;
let doneAt: Date;
/** As many as the E2E server seeds. */
const COUNT = 60;
const MINUTE = 60_000;

/** The hour in Hong Kong, read through the time-zone database (not the seed's own arithmetic). */
const hkHour = (at: Date) =>
  Number(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Hong_Kong', hour: '2-digit', hourCycle: 'h23' }).format(at),
  );
const inShopHours = (at: Date) => hkHour(at) >= 10 && hkHour(at) < 22;
const hkMinutesSinceOpening = (at: Date) =>
  (hkHour(at) - 10) * 60 +
  Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Hong_Kong', minute: '2-digit' }).format(at));

beforeAll(async () => {
  db = database.db;
  // As in the demo stack: a day-long expiry keeps abandoned orders unpaid at eftPay.
  gw = await startConsoleGateway({ sandbox: { expiryMinutes: 24 * 60 } });
  await seedDemoStaff(db);
  seededAt = new Date();
  // With the console's two Postgres roles the test runs as the one that owns nothing; the story
  // clock's triggers are then the owner's to create, as in a least-privilege demo.
  const ownerUrl = (database as { ownerUrl?: string }).ownerUrl;
  result = await seedDemoOrders({ db, count: COUNT, ownerUrl });
  doneAt = new Date();
  atSandbox = new Map((await gw.control.orders()).map((o) => [o.outTradeNo, o]));
}, 180_000);

afterAll(async () => {
  await gw.close();
});

const allOrders = () => db.select().from(orders);
const refundsWithStaff = async () => {
  const assigned = await db.select().from(staffStores);
  const rows = await db
    .select({ refund: refunds, role: staffUsers.role })
    .from(refunds)
    .innerJoin(staffUsers, eq(staffUsers.id, refunds.requestedBy));
  return rows.map((r) => ({
    ...r,
    stores: assigned.filter((a) => a.staffId === r.refund.requestedBy).map((a) => a.storeId),
  }));
};

describe('demo order seed (through the sandbox)', () => {
  it('creates the requested number of orders, every one known to the sandbox', async () => {
    const rows = await allOrders();
    expect(rows).toHaveLength(COUNT);
    expect(result.orders).toBe(COUNT);
    for (const order of rows) {
      const known = atSandbox.get(order.outTradeNo);
      expect(known, order.outTradeNo).toBeDefined();
      expect(known?.amountCents).toBe(order.amountCents);
      expect(known?.eftpayTradeNo).toBe(order.eftpayTradeNo);
    }
  });

  it('is mostly paid orders, created in Hong Kong shop hours over the last months, paid moments later', async () => {
    const rows = await allOrders();
    const paid = rows.filter((o) => o.paidAt !== null);
    expect(paid.length / rows.length).toBeGreaterThanOrEqual(0.7);
    for (const order of rows) {
      expect(inShopHours(order.createdAt), `${order.outTradeNo} created ${order.createdAt.toISOString()}`).toBe(true);
      expect(order.createdAt.getTime()).toBeLessThanOrEqual(doneAt.getTime());
      expect(order.closedAt?.getTime() ?? 0).toBeLessThanOrEqual(doneAt.getTime());
    }
    for (const order of paid) {
      const delay = order.paidAt!.getTime() - order.createdAt.getTime();
      expect(delay, order.outTradeNo).toBeGreaterThanOrEqual(5_000);
      expect(delay, order.outTradeNo).toBeLessThanOrEqual(3 * MINUTE);
      expect(order.paidAt!.getTime()).toBeLessThanOrEqual(doneAt.getTime());
    }
    const days = new Set(rows.map((o) => new Date(o.createdAt.getTime() + 8 * 60 * MINUTE).toISOString().slice(0, 10)));
    expect(days.size).toBeGreaterThan(20);
  });

  it('covers refunded, failed, closed and unpaid orders; abandoned ones can still be closed', async () => {
    const rows = await allOrders();
    for (const status of ['paid', 'partly_refunded', 'fully_refunded', 'failed', 'closed']) {
      expect(
        rows.some((o) => o.status === status),
        status,
      ).toBe(true);
    }
    const unpaid = rows.filter((o) => o.status === 'unpaid');
    const recent = unpaid.filter((o) => o.createdAt.getTime() > seededAt.getTime() - 15 * MINUTE);
    const abandoned = unpaid.filter((o) => o.createdAt.getTime() <= seededAt.getTime() - 15 * MINUTE);
    expect(abandoned.length).toBeGreaterThan(0);
    for (const order of abandoned) {
      expect(atSandbox.get(order.outTradeNo)?.status).toBe('unpaid');
      expect(WALLETS[order.wallet].services.close).not.toBeNull();
      expect(order.createdAt.getTime()).toBeGreaterThan(seededAt.getTime() - 24 * 60 * MINUTE);
    }
    // Orders only come while the shops are open: recent unpaid ones then, none at night.
    if (!inShopHours(seededAt)) expect(recent).toHaveLength(0);
    else if (hkMinutesSinceOpening(seededAt) >= 5) expect(recent.length).toBeGreaterThan(0);
  });

  it('shows a store manager a first page of mostly paid orders', async () => {
    const [cwb] = await db.select().from(stores).where(eq(stores.code, 'CWB'));
    const page = await listOrders(db, scopeFor('manager', [cwb!.id]), {});
    expect(page.rows.length).toBeGreaterThan(10);
    const paid = page.rows.filter((o) => ['paid', 'partly_refunded', 'fully_refunded'].includes(o.status));
    expect(paid.length / page.rows.length).toBeGreaterThanOrEqual(0.7);
  });

  it('has refunds in every state, by managers and supervisors of the store, in shop hours after the payment', async () => {
    const rows = await refundsWithStaff();
    const byId = new Map((await allOrders()).map((o) => [o.id, o]));
    const states = new Set(rows.map((r) => r.refund.status));
    for (const state of ['succeeded', 'failed', 'processing', 'unknown'] as const)
      expect(states, state).toContain(state);
    expect(new Set(rows.map((r) => r.role))).toEqual(new Set(['manager', 'supervisor']));
    for (const { refund, stores: theirs } of rows) {
      const order = byId.get(refund.orderId)!;
      expect(theirs).toContain(order.storeId);
      expect(inShopHours(refund.requestedAt), `${refund.refundNo} ${refund.requestedAt.toISOString()}`).toBe(true);
      expect(refund.requestedAt.getTime()).toBeGreaterThan(order.paidAt!.getTime());
      expect(refund.requestedAt.getTime()).toBeLessThanOrEqual(doneAt.getTime());
      if (refund.completedAt) {
        expect(refund.completedAt.getTime()).toBeGreaterThanOrEqual(refund.requestedAt.getTime());
        expect(refund.completedAt.getTime()).toBeLessThanOrEqual(doneAt.getTime());
      }
      const remote = atSandbox.get(order.outTradeNo)?.refunds.find((r) => r.refundNo === refund.refundNo);
      // A refused refund never took effect at eftPay; the others are there with the same amount.
      if (refund.status === 'failed') expect(remote).toBeUndefined();
      else if (refund.status !== 'unknown') expect(remote?.amountCents, refund.refundNo).toBe(refund.amountCents);
    }
    for (const order of byId.values()) {
      const sum = rows
        .filter((r) => r.refund.orderId === order.id && r.refund.status === 'succeeded')
        .reduce((s, r) => s + r.refund.amountCents, 0);
      expect(order.refundedCents).toBe(sum);
    }
  });

  it('dates every timeline entry as the story goes, none in the future', async () => {
    const rows = await allOrders();
    const audit = await db
      .select()
      .from(auditLog)
      .where(
        inArray(
          auditLog.orderId,
          rows.map((o) => o.id),
        ),
      )
      .orderBy(auditLog.at, auditLog.id);
    const refundRows = new Map((await db.select().from(refunds)).map((r) => [r.id, r]));
    for (const order of rows) {
      // The order page's timeline: oldest first. It opens with the console hearing of the order,
      // after it was created (and paid), within minutes of the payment.
      const entries = audit.filter((a) => a.orderId === order.id);
      const first = entries[0]!;
      expect(first.entityType, order.outTradeNo).toBe('order');
      expect(first.at.getTime(), order.outTradeNo).toBeGreaterThanOrEqual((order.paidAt ?? order.createdAt).getTime());
      if (order.paidAt) expect(first.at.getTime() - order.paidAt.getTime()).toBeLessThanOrEqual(2 * MINUTE);
      for (const entry of entries) {
        expect(entry.at.getTime(), `${order.outTradeNo} ${entry.action}`).toBeLessThanOrEqual(doneAt.getTime());
      }
      // Each refund's entries follow one another: requested, eftPay's answer (a moment later) and
      // its notification — which may overtake the answer, which then changes nothing and is not recorded.
      for (const refund of [...refundRows.values()].filter((r) => r.orderId === order.id)) {
        const own = entries.filter((e) => e.entityId === refund.id).sort((a, b) => a.id - b.id);
        expect(own[0]?.action).toBe('refund.requested');
        expect(own[0]!.at).toEqual(refund.requestedAt);
        expect(['refund.answered', 'refund.notified']).toContain(own[1]?.action);
        const answered = own.find((e) => e.action === 'refund.answered');
        if (answered) expect(answered.at.getTime() - refund.requestedAt.getTime()).toBeLessThanOrEqual(5_000);
        for (const [i, entry] of own.entries()) {
          if (i > 0) expect(entry.at.getTime()).toBeGreaterThanOrEqual(own[i - 1]!.at.getTime());
        }
        if (refund.completedAt) expect(own.at(-1)!.at).toEqual(refund.completedAt);
      }
    }
  });

  it('leaves nothing of its story clock behind', async () => {
    const triggers = await db.execute(sql`select tgname from pg_trigger where tgname like 'demo_seed%'`);
    expect((triggers as unknown as { rows: unknown[] }).rows).toEqual([]);
    const table = await db.execute(sql`select to_regclass('demo_seed_clock') as name`);
    expect((table as unknown as { rows: Array<{ name: unknown }> }).rows[0]?.name).toBeNull();
  });

  it('leaves the lost answers to the reconciler, which settles them by asking eftPay', async () => {
    const unknown = await db.select().from(refunds).where(eq(refunds.status, 'unknown'));
    expect(unknown.length).toBeGreaterThan(0);
    // Due now rather than in a few seconds.
    await db
      .update(refunds)
      .set({ nextCheckAt: sql`now()` })
      .where(inArray(refunds.status, ['unknown', 'processing']));
    await reconcileOnce({ db });
    for (const before of unknown) {
      const [after] = await db.select().from(refunds).where(eq(refunds.id, before.id));
      expect(['succeeded', 'failed']).toContain(after!.status);
      const [settled] = await db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityId, before.id), eq(auditLog.action, 'refund.reconciled')));
      expect(settled?.actorKind).toBe('system');
    }
    // eftPay is still processing the slow ones: they stay in flight, their money reserved.
    expect((await db.select().from(refunds).where(eq(refunds.status, 'processing'))).length).toBeGreaterThan(0);
  });

  it('brought paid orders in through the payment notification (PayMe and FPS, which never notify, by Query)', async () => {
    expect(result.notNotified).toBe(0);
    const paid = (await allOrders()).filter((o) => o.paidAt !== null);
    for (const order of paid) {
      const [first] = await db
        .select({ action: auditLog.action })
        .from(auditLog)
        .where(and(eq(auditLog.orderId, order.id), eq(auditLog.entityType, 'order')))
        .orderBy(auditLog.id)
        .limit(1);
      expect(first?.action, order.outTradeNo).toBe(
        WALLETS[order.wallet].notifiesPayment ? 'order.payment_notified' : 'order.reconciled',
      );
    }
  });

  it('spreads orders over every demo store and leaves a few unassigned', async () => {
    const demoStores = await db
      .select()
      .from(stores)
      .where(inArray(stores.code, ['CWB', 'TST', 'MK']));
    const rows = await allOrders();
    for (const store of demoStores)
      expect(
        rows.some((o) => o.storeId === store.id),
        store.code,
      ).toBe(true);
    expect(rows.some((o) => o.tid === UNMAPPED_TID && o.storeId === null)).toBe(true);
  });
});
