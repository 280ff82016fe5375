import { count, eq, ne } from 'drizzle-orm';
import type { Db } from '@/db/connect';
import { auditLog, gatewayCalls, orders, refunds } from '@/db/schema';
import { SYSTEM, type StaffActor } from '@/lib/auth/actor';
import type { Role } from '@/lib/auth/permissions';
import { gateway } from '@/lib/eftpay/gateway';
import { ingestSale } from '@/lib/orders/ingest';
import { saleFactsFromQuery } from '@/lib/orders/sale-facts';
import { newRefundNumber } from '@/lib/refunds/refund-number';
import { WALLETS } from '@/lib/eftpay/wallets';
import { makeStaff, makeStore } from '../../support/fixtures';
import { openTestDatabase, restoreServerEnv, startConsoleSandbox, stubServerEnv } from '../../support/harness';
import { uniqueNo } from '../../support/unique';

const USER_CONFIRM_KEY = 'MATRIX01';
const SECRET = 'matrix-it-secret-5e8a2c71';

/**
 * The world the authorization matrix runs in: a database handed to the action client, two stores
 * (A is "own", B is "other"), and an in-process eftPay sandbox the console's gateway talks to, so
 * that an allowed call can run to the end.
 */
export async function openWorld() {
  const credentials = { userConfirmKey: USER_CONFIRM_KEY, secretCode: SECRET };
  stubServerEnv(credentials, { CLOSE_MIN_AGE_MINUTES: '15' });
  const database = await openTestDatabase();
  const eftpay = await startConsoleSandbox(credentials, { gateway: { timeoutMs: 20_000 } });
  const { control } = eftpay;
  const db = database.db;
  const ownStore = await makeStore(db);
  const otherStore = await makeStore(db);

  const world = {
    db,
    ownStore,
    otherStore,
    /** A caller of this role, assigned the own store (all-store roles see every store regardless). */
    caller: (role: Role): Promise<StaffActor> => makeStaff(db, role, [ownStore.id]),

    /** An order eftPay knows (taken on the store's terminal) and the console does not, yet. */
    async orderOnlyAtEftpay(store: { tids: string[] }, options: { paid?: boolean } = {}) {
      const outTradeNo = uniqueNo('MX');
      const created = await gateway(db).preOrder({
        wallet: 'ALIPAYHK',
        outTradeNo,
        amountCents: 5_000,
        subject: 'Matrix',
        tid: store.tids[0]!,
      });
      if (created.kind !== 'accepted') throw new Error(`PreOrder failed: ${JSON.stringify(created)}`);
      if (options.paid) await control.pay(outTradeNo, { notify: false });
      return { outTradeNo, wallet: 'ALIPAYHK' as const };
    },

    /** An order in our records and at eftPay; unpaid ones are old enough to be closed. */
    async order(store: { tids: string[] }, options: { paid: boolean }) {
      const { outTradeNo, wallet } = await world.orderOnlyAtEftpay(store, options);
      const answer = await gateway(db).queryOrder({ wallet, outTradeNo });
      if (answer.kind !== 'accepted') throw new Error(`Query failed: ${JSON.stringify(answer)}`);
      const facts = saleFactsFromQuery(answer.data, answer.tradeStatus, { wallet })!;
      const { orderId } = await db.transaction((tx) => ingestSale(tx, facts, { actor: SYSTEM, action: 'order.found' }));
      await db
        .update(orders)
        .set({ createdAt: new Date(Date.now() - 30 * 60_000) })
        .where(eq(orders.id, orderId));
      return { orderId, outTradeNo };
    },

    /** A settled refund row straight in our records (for read-only routes). */
    async refund(store: { id: string }) {
      const [order] = await db
        .insert(orders)
        .values({
          outTradeNo: uniqueNo('MR'),
          wallet: 'ALIPAYHK',
          amountCents: 9_000,
          storeId: store.id,
          status: 'partly_refunded',
          refundedCents: 1_000,
          paidAt: new Date(),
        })
        .returning();
      const [refund] = await db
        .insert(refunds)
        .values({
          orderId: order!.id,
          refundNo: uniqueNo('RF'),
          idempotencyKey: crypto.randomUUID(),
          amountCents: 1_000,
          reason: 'customer_request',
          status: 'succeeded',
          completedAt: new Date(),
        })
        .returning();
      return { orderId: order!.id, refundNo: refund!.refundNo };
    },

    /**
     * A refund above the approval threshold by `requestedBy`, waiting for a decision, as createRefund
     * leaves it (docs/adr/0014): reserved on a fresh paid order, nothing sent to eftPay yet.
     */
    async pendingRefund(store: { tids: string[] }, requestedBy: string) {
      const { orderId } = await world.order(store, { paid: true });
      const now = new Date();
      const [refund] = await db
        .insert(refunds)
        .values({
          orderId,
          refundNo: newRefundNumber(now),
          idempotencyKey: crypto.randomUUID(),
          amountCents: 2_000,
          reason: 'customer_request',
          status: 'pending_approval',
          gatewayApi: WALLETS.ALIPAYHK.refundApi,
          requestedBy,
          requestedAt: now,
          approvalThresholdCents: 1_000,
          expiresAt: new Date(now.getTime() + 4 * 60 * 60_000),
        })
        .returning();
      return { orderId, refundId: refund!.id };
    },

    /**
     * What a refusal must leave untouched: audit rows other than the refusal's own
     * (`access.denied`), and calls to eftPay.
     */
    async sideEffects(): Promise<{ audit: number; gatewayCalls: number }> {
      const [audit] = await db.select({ n: count() }).from(auditLog).where(ne(auditLog.action, 'access.denied'));
      const [calls] = await db.select({ n: count() }).from(gatewayCalls);
      return { audit: audit?.n ?? 0, gatewayCalls: calls?.n ?? 0 };
    },

    async close() {
      await eftpay.close();
      await database.drop();
      restoreServerEnv();
    },
  };
  return world;
}

export type World = Awaited<ReturnType<typeof openWorld>>;

/** Db for the few entries that write fixtures directly. */
export type { Db };
