import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { and, eq, inArray } from 'drizzle-orm';
import { orders, refunds } from '@/db/schema';
import { SYSTEM } from '@/lib/auth/actor';
import { ingestSale } from '@/lib/orders/ingest';
import { saleFactsFromQuery } from '@/lib/orders/sale-facts';
import { COUNTED_REFUND_STATUSES } from '@/lib/shared/statuses';
import { demoUser, openOrder, refundActionId, signIn } from './support';
import { type Cluster, INSTANCES, type InstanceName, startCluster, whyNoRealPostgres } from './two-instances';

/**
 * The console scaled out (README, "Scaling out"): two production instances of the suite's build on
 * one PostgreSQL database, behind a load balancer without sticky sessions, with one sandbox eftPay
 * and the same AUTH_SECRET and eftPay credentials (tests/e2e/two-instances.ts). Real PostgreSQL
 * only: on the PGlite run (no TEST_DATABASE_URL) it is skipped, saying why.
 */

const noPostgres = whyNoRealPostgres();
// The list reporter does not print a skip's reason: say it once here.
if (noPostgres) console.log(`scale-out.spec.ts skipped: ${noPostgres}`);
let cluster: Cluster;
let made = 0;

function orderNumber(prefix: string): string {
  made += 1;
  return `${prefix}${Date.now().toString(36)}${randomBytes(2).toString('hex')}${made}`.toUpperCase().slice(0, 28);
}

/** A PreOrder at the sandbox, paid by the customer; the sandbox notifies through the balancer. */
async function paidOrder(amountCents: number): Promise<string> {
  const outTradeNo = orderNumber('SOREF');
  const created = await cluster.till.preOrder({
    wallet: 'ALIPAYHK',
    outTradeNo,
    amountCents,
    subject: 'Scale-out refund',
    tid: 'T-CWB-01',
    notifyUrl: `${cluster.url}/api/eftpay/notify`,
  });
  expect(created.kind).toBe('accepted');
  await cluster.control.pay(outTradeNo);
  return outTradeNo;
}

test.describe('two console instances on one PostgreSQL', () => {
  test.skip(noPostgres !== null, noPostgres ?? '');
  test.describe.configure({ mode: 'serial' });

  test.beforeAll(async () => {
    test.setTimeout(240_000);
    // Each instance's output, for reading after a failure (the run's --output folder).
    cluster = await startCluster({ logDir: path.join(test.info().project.outputDir, 'scale-out-instances') });
  });

  test.afterAll(async () => {
    await cluster?.stop();
  });

  test('both instances started on the one database, each running the worker', async () => {
    for (const name of INSTANCES) {
      const health = await fetch(`http://127.0.0.1:${cluster.instances[name].port}/api/health`);
      expect(await health.json()).toMatchObject({ ready: true, database: 'postgres', worker: 'running' });
    }
  });

  test('a session signed in on instance A is honoured by instance B', async ({ browser }) => {
    const manager = demoUser('manager@demo.local');
    const onA = await cluster.context(browser, 'a');
    const pageA = await onA.newPage();
    await signIn(pageA, manager.email);
    const signInCalls = cluster.served.filter((r) => r.path.startsWith('/api/auth/callback/credentials'));
    expect(signInCalls.length).toBeGreaterThan(0);
    expect(signInCalls.every((r) => r.backend === 'a')).toBe(true);

    // Instance B, without the cookie, sends a visitor to sign in: its gate is really there.
    const stranger = await cluster.context(browser, 'b');
    const strangerPage = await stranger.newPage();
    const refused = await strangerPage.goto('/orders');
    await expect(strangerPage).toHaveURL(/\/login/);
    expect(refused?.headers()['x-served-by']).toBe('b');
    await stranger.close();

    // The same cookie, on B: the staff member's orders page, not the sign-in page.
    const onB = await cluster.context(browser, 'b');
    await onB.addCookies(await onA.cookies());
    const pageB = await onB.newPage();
    const answer = await pageB.goto('/orders');
    expect(answer?.headers()['x-served-by']).toBe('b');
    expect(answer?.status()).toBe(200);
    await expect(pageB).toHaveURL(/\/orders$/);
    await expect(pageB.getByTestId('signed-in-as')).toContainText(manager.name);
    await expect(pageB.getByRole('heading', { level: 1 })).toContainText('Orders');
    await onA.close();
    await onB.close();
  });

  test('refunds fired at once through both instances never exceed the paid amount', async ({ browser }) => {
    test.setTimeout(180_000);
    const paid = 10_000;
    const ask = '30.00';
    // Three staff on each instance ask HKD 30.00 each of HKD 100.00: HKD 180.00 in all.
    const seats: Array<{ instance: InstanceName; email: string }> = [
      ...[1, 2, 3].map(() => ({ instance: 'a' as const, email: 'manager@demo.local' })),
      ...[1, 2, 3].map(() => ({ instance: 'b' as const, email: 'supervisor@demo.local' })),
    ];
    const outTradeNo = await paidOrder(paid);
    const actionId = refundActionId();

    const pages: Page[] = [];
    let orderUrl = '';
    for (const seat of seats) {
      const context = await cluster.context(browser, seat.instance);
      const page = await context.newPage();
      await signIn(page, seat.email);
      if (!orderUrl) orderUrl = await openOrder(page, outTradeNo);
      else await page.goto(orderUrl);
      const panel = page.getByTestId('refund-panel');
      await expect(panel).toContainText('HKD 100.00 of HKD 100.00 can still be refunded.');
      await panel.getByRole('button', { name: 'Refund…' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Amount to refund (HKD)').fill(ask);
      await dialog.getByLabel('Reason').selectOption({ label: 'Returned goods' });
      await dialog.getByRole('button', { name: 'Continue' }).click();
      await expect(dialog.getByRole('button', { name: `Refund HKD ${ask}` })).toBeEnabled();
      pages.push(page);
    }

    // Every page's refund action is held in its browser until all six are on their way, then all
    // are let go together: they reach the two instances at the same moment.
    let release!: () => void;
    const allSent = new Promise<void>((resolve) => {
      release = resolve;
    });
    let held = 0;
    for (const page of pages) {
      await page.route(
        (url) => /\/orders\/[0-9a-f-]{36}$/.test(url.pathname),
        async (route) => {
          const request = route.request();
          if (request.method() !== 'POST' || request.headers()['next-action'] !== actionId) return route.fallback();
          held += 1;
          if (held === pages.length) release();
          await allSent;
          await route.continue();
        },
      );
    }
    await Promise.all(
      pages.map((page) =>
        page
          .getByRole('dialog')
          .getByRole('button', { name: `Refund HKD ${ask}` })
          .click(),
      ),
    );
    await expect.poll(() => held, { timeout: 20_000 }).toBe(pages.length);

    const outcomes = await Promise.all(
      pages.map(async (page) => {
        const dialog = page.getByRole('dialog');
        const outcome = dialog.getByTestId('refund-outcome');
        const fieldError = dialog.locator('[data-field-error="refund-amount"]');
        await expect(outcome.or(fieldError)).toBeVisible({ timeout: 45_000 });
        if (await outcome.isVisible()) return { kind: 'refunded', status: await outcome.getAttribute('data-status') };
        return { kind: 'refused', message: (await fieldError.textContent())?.trim() };
      }),
    );

    // Both instances served their three: the refunds really went through A and B at once.
    const actionsServed = cluster.served.filter((r) => r.action === actionId);
    expect(actionsServed.filter((r) => r.backend === 'a')).toHaveLength(3);
    expect(actionsServed.filter((r) => r.backend === 'b')).toHaveLength(3);

    // HKD 30.00 fits three times into HKD 100.00; each over-ask is told what is left.
    const refunded = outcomes.filter((o) => o.kind === 'refunded');
    const refusedAnswers = outcomes.filter((o) => o.kind === 'refused');
    expect(refunded).toEqual(Array(3).fill({ kind: 'refunded', status: 'succeeded' }));
    expect(refusedAnswers).toEqual(Array(3).fill({ kind: 'refused', message: 'At most HKD 10.00 can be refunded.' }));

    // The database: succeeded and in-flight refunds together within what was paid.
    const db = cluster.database.db;
    const [order] = await db.select().from(orders).where(eq(orders.outTradeNo, outTradeNo));
    expect(order?.amountCents).toBe(paid);
    const rows = await db.select().from(refunds).where(eq(refunds.orderId, order!.id));
    // Succeeded, in flight or waiting for approval: everything held against what was paid.
    const counted = rows.filter((r) => (COUNTED_REFUND_STATUSES as readonly string[]).includes(r.status));
    const heldCents = counted.reduce((sum, r) => sum + r.amountCents, 0);
    expect(heldCents).toBeLessThanOrEqual(paid);
    expect(rows.map((r) => [r.amountCents, r.status])).toEqual(Array(3).fill([3_000, 'succeeded']));
    expect(order?.status).toBe('partly_refunded');

    // eftPay (the sandbox): three refund calls, nothing beyond the amount.
    const atGateway = await cluster.control.order(outTradeNo);
    const gatewayCents = (atGateway?.refunds ?? []).reduce((sum, r) => sum + r.amountCents, 0);
    expect(gatewayCents).toBeLessThanOrEqual(paid);
    expect(gatewayCents).toBe(9_000);
    expect(await cluster.control.requests({ outTradeNo, path: 'AppTradeRefund.do' })).toHaveLength(3);

    for (const page of pages) await page.context().close();
  });

  test('the reconciler asks eftPay about each due order once across both instances', async () => {
    test.setTimeout(180_000);
    const count = 32;
    const db = cluster.database.db;
    // PayMe orders left unpaid in the console, then paid at eftPay (PayMe never notifies): only
    // the reconciler's Query settles them. Each order's first Query is answered after 2 s, so one
    // instance alone needs 16 s for them and the other instance's worker joins in.
    const numbers: string[] = [];
    for (let i = 0; i < count; i += 1) {
      const outTradeNo = orderNumber('SODUE');
      const created = await cluster.till.preOrder({
        wallet: 'PAYME',
        outTradeNo,
        amountCents: 1_000 + i,
        subject: 'Scale-out reconcile',
        tid: 'T-CWB-01',
        notifyUrl: `${cluster.url}/api/eftpay/notify`,
      });
      expect(created.kind).toBe('accepted');
      // Recorded as Find at eftPay records a sale: from eftPay's Query answer.
      const answer = await cluster.till.queryOrder({ wallet: 'PAYME', outTradeNo });
      if (answer.kind !== 'accepted') throw new Error(`Query of ${outTradeNo} was not accepted`);
      const facts = saleFactsFromQuery(answer.data, answer.tradeStatus, { wallet: 'PAYME' });
      if (!facts) throw new Error(`no sale facts for ${outTradeNo}`);
      await db.transaction((tx) => ingestSale(tx, facts, { actor: SYSTEM, action: 'order.found' }));
      await cluster.control.pay(outTradeNo);
      await cluster.control.fault({ match: { outTradeNo }, fault: 'timeout', delayMs: 2_000 });
      numbers.push(outTradeNo);
    }
    const ingested = await db.select().from(orders).where(inArray(orders.outTradeNo, numbers));
    expect(ingested.map((o) => o.status)).toEqual(Array(count).fill('unpaid'));

    const since = Math.max(0, ...(await cluster.control.requests()).map((r) => r.id));
    const passesBefore = Object.fromEntries(INSTANCES.map((n) => [n, cluster.instances[n].passes().length]));
    // All due at once, as a crash or an outage would leave them.
    await db
      .update(orders)
      .set({ nextCheckAt: new Date(Date.now() - 1_000) })
      .where(and(inArray(orders.outTradeNo, numbers), eq(orders.status, 'unpaid')));

    const checkedBy = (name: InstanceName) =>
      cluster.instances[name]
        .passes()
        .slice(passesBefore[name])
        .reduce((sum, pass) => sum + pass.orders.checked, 0);
    const activePasses = async () => {
      const result = await cluster.database.pool!.query<{ n: number }>(
        "select count(*)::int as n from pgboss.job where name = 'reconcile' and state = 'active'",
      );
      return result.rows[0]?.n ?? 0;
    };
    // Settled, every pass that could have claimed them finished, and their summaries logged.
    await expect
      .poll(
        async () => {
          const rows = await db
            .select({ status: orders.status })
            .from(orders)
            .where(inArray(orders.outTradeNo, numbers));
          const settled = rows.filter((r) => r.status === 'paid').length;
          const active = settled === count ? await activePasses() : -1;
          return { settled, active, logged: checkedBy('a') + checkedBy('b') >= count };
        },
        { timeout: 90_000, intervals: [500] },
      )
      .toEqual({ settled: count, active: 0, logged: true });

    // eftPay received exactly one Query per order since they fell due — none asked twice.
    const asked = (await cluster.control.requests()).filter((r) => r.id > since);
    const perOrder = Object.fromEntries(numbers.map((no) => [no, 0]));
    for (const request of asked) {
      const body = request.body as { out_trade_no?: string };
      if (body.out_trade_no && body.out_trade_no in perOrder) perOrder[body.out_trade_no]! += 1;
    }
    expect(perOrder).toEqual(Object.fromEntries(numbers.map((no) => [no, 1])));

    // Both instances' workers took part, and between them checked each order once.
    const split = { a: checkedBy('a'), b: checkedBy('b') };
    expect(split.a + split.b).toBe(count);
    expect(split.a).toBeGreaterThan(0);
    expect(split.b).toBeGreaterThan(0);
    test.info().annotations.push({ type: 'reconciled by', description: `A ${split.a}, B ${split.b}` });
  });
});
