import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/connect';
import { auditLog, orders, refunds, stores } from '@/db/schema';
import type { SandboxOrder } from '@/lib/eftpay/sandbox/state-schema';
import { WALLETS } from '@/lib/eftpay/wallets';
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
const COUNT = 40;

beforeAll(async () => {
  db = database.db;
  // As in the demo stack: a day-long expiry keeps abandoned orders unpaid at eftPay.
  gw = await startConsoleGateway({ sandbox: { expiryMinutes: 24 * 60 } });
  await seedDemoStaff(db);
  result = await seedDemoOrders({ db, count: COUNT });
  atSandbox = new Map((await gw.control.orders()).map((o) => [o.outTradeNo, o]));
}, 180_000);

afterAll(async () => {
  await gw.close();
});

describe('demo order seed (through the sandbox)', () => {
  it('creates the requested number of orders, every one known to the sandbox', async () => {
    const rows = await db.select().from(orders);
    expect(rows).toHaveLength(COUNT);
    expect(result.orders).toBe(COUNT);
    for (const order of rows) {
      const known = atSandbox.get(order.outTradeNo);
      expect(known, order.outTradeNo).toBeDefined();
      expect(known?.amountCents).toBe(order.amountCents);
      expect(known?.eftpayTradeNo).toBe(order.eftpayTradeNo);
    }
  });

  it('covers paid, partly and fully refunded, failed, closed, unpaid recent and unpaid abandoned orders', async () => {
    const rows = await db.select().from(orders);
    const count = (status: string) => rows.filter((o) => o.status === status).length;
    for (const status of ['paid', 'partly_refunded', 'fully_refunded', 'failed', 'closed']) {
      expect(count(status), status).toBeGreaterThan(0);
    }
    const recentCutoff = Date.now() - 15 * 60_000;
    const unpaid = rows.filter((o) => o.status === 'unpaid');
    const recent = unpaid.filter((o) => o.createdAt.getTime() > recentCutoff);
    const abandoned = unpaid.filter((o) => o.createdAt.getTime() <= recentCutoff);
    expect(recent.length).toBeGreaterThan(0);
    expect(abandoned.length).toBeGreaterThan(0);
    // Abandoned ones are still open at eftPay, so a supervisor can close them.
    for (const order of abandoned) {
      expect(atSandbox.get(order.outTradeNo)?.status).toBe('unpaid');
      expect(WALLETS[order.wallet].services.close).not.toBeNull();
    }
    // History over the last month, not all of it today.
    const days = new Set(rows.map((o) => o.createdAt.toISOString().slice(0, 10)));
    expect(days.size).toBeGreaterThan(5);
  });

  it('records refunds that the sandbox holds with the same amounts and outcome', async () => {
    const rows = await db.select().from(refunds);
    expect(rows.length).toBeGreaterThanOrEqual(6);
    const byId = new Map((await db.select().from(orders)).map((o) => [o.id, o]));
    for (const refund of rows) {
      const order = byId.get(refund.orderId)!;
      const remote = atSandbox.get(order.outTradeNo)?.refunds.find((r) => r.refundNo === refund.refundNo);
      expect(remote, refund.refundNo).toBeDefined();
      expect(remote?.amountCents).toBe(refund.amountCents);
      expect(refund.status).toBe('succeeded');
      expect(refund.requestedAt.getTime()).toBeGreaterThan(order.paidAt!.getTime());
      expect(refund.requestedBy).not.toBeNull();
    }
    for (const order of byId.values()) {
      const sum = rows.filter((r) => r.orderId === order.id).reduce((s, r) => s + r.amountCents, 0);
      expect(order.refundedCents).toBe(sum);
    }
  });

  it('brought paid orders in through the payment notification (PayMe and FPS, which never notify, by Query)', async () => {
    expect(result.notNotified).toBe(0);
    const paid = (await db.select().from(orders)).filter((o) => o.paidAt !== null);
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
    const rows = await db.select().from(orders);
    for (const store of demoStores)
      expect(
        rows.some((o) => o.storeId === store.id),
        store.code,
      ).toBe(true);
    expect(rows.some((o) => o.tid === UNMAPPED_TID && o.storeId === null)).toBe(true);
  });
});
