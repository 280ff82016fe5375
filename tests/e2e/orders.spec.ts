import { expect, type Page, test } from '@playwright/test';
import { createEftpayClient } from '@/lib/eftpay/client';
import { createSandboxControl } from '@/lib/eftpay/sandbox/control';
import { signIn, stackInfo } from './support';

/**
 * Orders reach the console exactly as in production: a PreOrder at the (sandbox) gateway, the
 * customer pays, and eftPay POSTs a signed payment notification to /api/eftpay/notify.
 * Store CWB is Mandy's (manager@demo.local); store TST is Tony's (manager.tst@demo.local).
 */
const stamp = Date.now().toString(36).toUpperCase();
const ORDERS = {
  cwb: { outTradeNo: `E2E${stamp}C`, tid: 'T-CWB-01', amountCents: 12_345, transactionId: `WTX${stamp}C01` },
  tst: { outTradeNo: `E2E${stamp}T`, tid: 'T-TST-01', amountCents: 67_800, transactionId: `WTX${stamp}T01` },
} as const;
const eftpayNo: Record<keyof typeof ORDERS, string> = { cwb: '', tst: '' };
const orderId: Record<keyof typeof ORDERS, string> = { cwb: '', tst: '' };

const MANAGER_CWB = 'manager@demo.local';
const MANAGER_TST = 'manager.tst@demo.local';

/** Submits the filter form and waits until the server has rendered the new list. */
async function submit(page: Page) {
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  // While the server renders, the button reads "Searching…"; the form then remounts with the URL's values.
  await expect(page.getByRole('button', { name: 'Search', exact: true })).toBeEnabled();
}

async function search(page: Page, q: string) {
  await page.getByLabel('Order number').fill(q);
  await submit(page);
  await expect(page).toHaveURL(new RegExp(`[?&]q=${encodeURIComponent(q)}`));
}

const rowOf = (page: Page, outTradeNo: string) =>
  page.getByTestId('orders-table').getByRole('row').filter({ hasText: outTradeNo });

test.beforeAll(async ({ browser }) => {
  const stack = stackInfo();
  const client = createEftpayClient({
    baseUrl: stack.sandboxUrl,
    userConfirmKey: stack.userConfirmKey,
    secretCode: stack.secretCode,
  });
  const sandbox = createSandboxControl(stack.sandboxUrl);
  for (const key of ['cwb', 'tst'] as const) {
    const o = ORDERS[key];
    const pre = await client.preOrder({
      wallet: 'ALIPAYHK',
      outTradeNo: o.outTradeNo,
      amountCents: o.amountCents,
      subject: `E2E ${key}`,
      tid: o.tid,
      notifyUrl: `${stack.url}/api/eftpay/notify`,
    });
    expect(pre.kind).toBe('accepted');
    const paid = await sandbox.pay(o.outTradeNo, { transactionId: o.transactionId });
    eftpayNo[key] = paid.eftpayTradeNo;
  }

  // The notification is asynchronous: an admin polls the list until both orders are there.
  const page = await browser.newPage();
  await signIn(page, 'admin@demo.local');
  for (const key of ['cwb', 'tst'] as const) {
    await expect(async () => {
      await page.goto(`/orders?q=${ORDERS[key].outTradeNo}`);
      await expect(rowOf(page, ORDERS[key].outTradeNo)).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 30_000 });
    orderId[key] = (await rowOf(page, ORDERS[key].outTradeNo).getAttribute('data-order-id')) ?? '';
    expect(orderId[key]).toMatch(/^[0-9a-f-]{36}$/);
  }
  await page.close();
});

test.describe('orders: a store manager at the counter', () => {
  test('finds an order by each kind of number, in full or by its start, and opens its timeline', async ({ page }) => {
    await signIn(page, MANAGER_CWB);
    const { outTradeNo, transactionId } = ORDERS.cwb;
    for (const q of [outTradeNo, eftpayNo.cwb, transactionId, outTradeNo.slice(0, -1), eftpayNo.cwb.slice(0, 14)]) {
      await page.goto('/orders');
      await search(page, q);
      await expect(rowOf(page, outTradeNo)).toBeVisible();
    }

    await page.goto('/orders');
    await search(page, transactionId);
    const row = rowOf(page, outTradeNo);
    await expect(row).toContainText('HKD 123.45');
    await expect(row).toContainText('Causeway Bay');
    await expect(row).toContainText('Paid');
    await row.getByRole('link', { name: outTradeNo }).click();

    await expect(page).toHaveURL(new RegExp(`/orders/${orderId.cwb}$`));
    await expect(page.getByRole('heading', { name: `Order ${outTradeNo}` })).toBeVisible();
    const amounts = page.getByTestId('order-amounts');
    await expect(amounts).toContainText('Paid amountHKD 123.45');
    await expect(amounts).toContainText('RefundableHKD 123.45');
    const fields = page.getByTestId('order-fields');
    await expect(fields).toContainText(eftpayNo.cwb);
    await expect(fields).toContainText(transactionId);
    await expect(fields).toContainText('T-CWB-01');
    // The payment notification is on the timeline, credited to eftPay.
    const first = page.getByTestId('order-timeline').getByRole('listitem').first();
    await expect(first).toContainText('eftPay');
    await expect(first).toHaveAttribute('data-action', /^order\./);
  });

  test('narrows the list by a combination of filters kept in the URL', async ({ page }) => {
    await signIn(page, MANAGER_CWB);
    await page.goto('/orders');
    await page.getByLabel('Status').selectOption('paid');
    await page.getByLabel('Wallet', { exact: true }).selectOption('ALIPAYHK');
    await page.getByLabel('Store').selectOption({ label: 'Causeway Bay' });
    await page.getByLabel('Date (Hong Kong)').selectOption('today');
    await page.getByLabel('Amount from (HKD)').fill('123.45');
    await page.getByLabel('Amount to (HKD)').fill('123.45');
    await submit(page);
    await expect(page).toHaveURL(/status=paid/);
    await expect(page).toHaveURL(/range=today/);
    await expect(page).toHaveURL(/min=123.45/);
    await expect(rowOf(page, ORDERS.cwb.outTradeNo)).toBeVisible();
    const filtered = page.url();

    // One cent more at the bottom of the range and it is gone.
    await page.getByLabel('Amount from (HKD)').fill('123.46');
    await page.getByLabel('Amount to (HKD)').fill('200');
    await submit(page);
    await expect(page).toHaveURL(/min=123.46/);
    await expect(rowOf(page, ORDERS.cwb.outTradeNo)).toHaveCount(0);

    // Back restores the previous search; the link alone reproduces it for a colleague.
    await page.goBack();
    await expect(page).toHaveURL(filtered);
    await expect(rowOf(page, ORDERS.cwb.outTradeNo)).toBeVisible();
    await expect(page.getByLabel('Amount from (HKD)')).toHaveValue('123.45');
    await page.goto(filtered);
    await expect(rowOf(page, ORDERS.cwb.outTradeNo)).toBeVisible();
  });

  test('a mistyped amount is pointed out, not silently ignored', async ({ page }) => {
    await signIn(page, MANAGER_CWB);
    await page.goto('/orders?min=12.345');
    await expect(page.locator('[data-field-error="orders-min"]')).toHaveText('Enter an amount like 120 or 120.50.');
  });
});

test.describe('orders: store isolation', () => {
  test("a manager of store A never sees store B's order in the list, the search or the detail page", async ({
    page,
    browser,
  }) => {
    await signIn(page, MANAGER_CWB);
    await page.goto('/orders');
    await expect(rowOf(page, ORDERS.cwb.outTradeNo)).toBeVisible();
    await expect(rowOf(page, ORDERS.tst.outTradeNo)).toHaveCount(0);
    await expect(page.getByTestId('orders-table')).not.toContainText('Tsim Sha Tsui');

    for (const q of [ORDERS.tst.outTradeNo, eftpayNo.tst, ORDERS.tst.transactionId]) {
      await page.goto(`/orders?q=${encodeURIComponent(q)}`);
      await expect(page.getByTestId('orders-empty')).toBeVisible();
    }
    // A prefix both orders share finds Mandy's own order only.
    await page.goto(`/orders?q=E2E${stamp}`);
    await expect(rowOf(page, ORDERS.cwb.outTradeNo)).toBeVisible();
    await expect(rowOf(page, ORDERS.tst.outTradeNo)).toHaveCount(0);
    // Not even asking eftPay pulls it in, and the answer is the one for a number eftPay does not
    // know: the manager cannot tell another store's order from no order at all.
    for (const number of [ORDERS.tst.outTradeNo, `NX${stamp}`]) {
      await page.goto(`/orders?q=${number}`);
      const find = page.getByTestId('find-at-eftpay');
      await find.getByLabel('Wallet the customer paid with').selectOption('ALIPAYHK');
      await find.getByRole('button', { name: 'Find at eftPay' }).click();
      await expect(page.getByTestId('find-at-eftpay-error')).toHaveText('eftPay has no order with this number.');
      await expect(page).toHaveURL(/\/orders\?q=/);
    }

    for (const id of [orderId.tst, '00000000-0000-4000-8000-000000000000', 'not-an-order']) {
      const response = await page.goto(`/orders/${id}`);
      expect(response?.status()).toBe(404);
      await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
      await expect(page.getByText(ORDERS.tst.outTradeNo)).toHaveCount(0);
    }

    // The refused reads are in the audit log, for an administrator to read.
    const admin = await browser.newPage();
    await signIn(admin, 'admin@demo.local');
    await admin.goto('/audit?action=access.refused&actor=staff');
    await expect(
      admin
        .getByTestId('audit-row')
        .filter({ hasText: `/orders/${orderId.tst}` })
        .first(),
    ).toContainText('Mandy Manager asked for an order and was answered “not found”');
    await admin.close();
  });

  test("a server action given store B's order id answers not found and changes nothing", async ({ page, browser }) => {
    await signIn(page, MANAGER_CWB);
    await page.goto(`/orders/${orderId.cwb}`);
    // The browser's own request for "Refresh from eftPay", with the other store's id put in.
    await page.route(`**/orders/${orderId.cwb}`, async (route) => {
      const request = route.request();
      if (request.method() !== 'POST' || !request.headers()['next-action']) return route.continue();
      const body = request.postData() ?? '';
      expect(body).toContain(orderId.cwb);
      await route.continue({ postData: body.replaceAll(orderId.cwb, orderId.tst) });
    });
    await page.getByRole('button', { name: 'Refresh from eftPay' }).click();
    await expect(page.getByTestId('refresh-outcome')).toHaveText('Order not found.');
    await page.unroute(`**/orders/${orderId.cwb}`);

    // Store B's own manager sees the order's story untouched by Mandy.
    const other = await browser.newPage();
    await signIn(other, MANAGER_TST);
    await other.goto(`/orders/${orderId.tst}`);
    await expect(other.getByRole('heading', { name: `Order ${ORDERS.tst.outTradeNo}` })).toBeVisible();
    await expect(other.getByTestId('order-timeline')).not.toContainText('Mandy');
    await other.close();
  });
});
