import { expect, type Page, test } from '@playwright/test';
import { createEftpayClient } from '@/lib/eftpay/client';
import { createSandboxControl } from '@/lib/eftpay/sandbox/control';
import { CHOSEN_PASSWORD, createStaffMember, signInFirstTime } from './staff-helpers';
import { signIn, stackInfo } from './support';

/**
 * Staff administration, end to end: what an administrator changes on /staff is what the server
 * enforces on the other person's very next request.
 */
const stamp = Date.now().toString(36);
/** The store names in the orders list's Store column (the column found by its header). */
async function storesInOrderList(page: Page): Promise<string[]> {
  const table = page.getByTestId('orders-table');
  await expect(table).toBeVisible();
  const headers = await table.locator('thead th').allTextContents();
  const column = headers.findIndex((h) => h.trim() === 'Store');
  expect(column).toBeGreaterThanOrEqual(0);
  return table.locator(`tbody tr td:nth-child(${column + 1})`).allTextContents();
}

async function openStaffMember(admin: Page, email: string) {
  await admin.goto('/staff');
  await admin.locator(`[data-testid="staff-row"][data-email="${email}"]`).getByRole('link').click();
  await expect(admin.getByTestId('staff-name')).toBeVisible();
}

test.describe('staff administration', () => {
  test('an admin creates a manager for one store, moves them to another, then deactivates them', async ({
    browser,
    page: admin,
  }) => {
    const email = `e2e.manager.${stamp}@demo.local`;
    await signIn(admin, 'admin@demo.local');
    const oneTimePassword = await createStaffMember(admin, {
      name: `Mia Manager ${stamp}`,
      email,
      role: 'Store manager',
      stores: ['Causeway Bay'],
    });

    // The manager sets their own password, lands in the console and works in Causeway Bay only.
    const manager = await signInFirstTime(browser, email, oneTimePassword);
    await expect(manager).toHaveURL(/\/orders$/);
    await expect(manager.getByTestId('signed-in-as')).toHaveText(`Mia Manager ${stamp} · Store manager · Causeway Bay`);
    const before = await storesInOrderList(manager);
    expect(before.length).toBeGreaterThan(0);
    expect(new Set(before)).toEqual(new Set(['Causeway Bay']));
    // Staff administration is not theirs: the page does not exist for them.
    const refused = await manager.goto('/staff');
    expect(refused?.status()).toBe(404);

    // The admin moves them to Tsim Sha Tsui; their next page load shows only that store.
    await openStaffMember(admin, email);
    await admin.getByLabel(/^Causeway Bay/).uncheck();
    await admin.getByLabel(/^Tsim Sha Tsui/).check();
    await admin.getByRole('button', { name: 'Save stores' }).click();
    await expect(admin.getByTestId('stores-message')).toHaveText('Saved.');
    await manager.goto('/orders');
    await expect(manager.getByTestId('signed-in-stores')).toHaveText('Tsim Sha Tsui');
    const after = await storesInOrderList(manager);
    expect(after.length).toBeGreaterThan(0);
    expect(new Set(after)).toEqual(new Set(['Tsim Sha Tsui']));

    // The admin deactivates them: their very next request is refused and sent to sign-in.
    await admin.getByRole('button', { name: 'Deactivate' }).click();
    await expect(admin.getByTestId('access-message')).toHaveText('Saved.');
    await manager.reload();
    await expect(manager).toHaveURL(/\/login/);
    // Nor can they sign in again.
    await manager.getByLabel('Email').fill(email);
    await manager.getByLabel('Password').fill(CHOSEN_PASSWORD);
    await manager.getByRole('button', { name: 'Sign in' }).click();
    await expect(manager.getByTestId('sign-in-error')).toContainText('Email or password is incorrect');

    // The list shows the account as it now is.
    await admin.goto('/staff');
    const row = admin.locator(`[data-testid="staff-row"][data-email="${email}"]`);
    await expect(row).toContainText('Store manager');
    await expect(row).toContainText('Tsim Sha Tsui');
    await expect(row).toContainText('Deactivated');
  });

  test('a password reset hands over a new one-time password and signs the person out', async ({
    browser,
    page: admin,
  }) => {
    const email = `e2e.finance.${stamp}@demo.local`;
    await signIn(admin, 'admin@demo.local');
    const first = await createStaffMember(admin, { name: `Fay ${stamp}`, email, role: 'Finance', stores: [] });
    const person = await signInFirstTime(browser, email, first);
    await expect(person.getByTestId('signed-in-stores')).toHaveText('All stores');

    await openStaffMember(admin, email);
    await admin.getByRole('button', { name: 'Reset password' }).click();
    const second = (await admin.getByTestId('one-time-password').textContent())!;
    expect(second).not.toBe(first);
    await person.reload();
    await expect(person).toHaveURL(/\/login/);
    await signInFirstTime(browser, email, second);
  });

  test('the stores page lists each store’s terminals and the terminals no store owns', async ({ page }) => {
    await signIn(page, 'admin@demo.local');
    await page.goto('/staff');
    await page.getByRole('link', { name: 'Stores and terminals' }).click();
    const stores = page.getByTestId('stores-table');
    await expect(stores.getByRole('row', { name: /CWB Causeway Bay/ })).toContainText('T-CWB-01, T-CWB-02');
    await expect(stores.getByRole('row', { name: /TST Tsim Sha Tsui/ })).toContainText('T-TST-01');
    await expect(page.locator('[data-tid="T-UNMAPPED-1"]')).toContainText('T-UNMAPPED-1');
  });

  test('an admin maps a new terminal to a store, and its orders move into that store', async ({ page }) => {
    // A sale on a terminal no store owns yet, arriving as in production: PreOrder, payment, notification.
    const stack = stackInfo();
    const tid = `T-E2E-${stamp.toUpperCase()}`;
    const outTradeNo = `E2EMAP${stamp.toUpperCase()}`;
    const client = createEftpayClient({
      baseUrl: stack.sandboxUrl,
      userConfirmKey: stack.userConfirmKey,
      secretCode: stack.secretCode,
    });
    const created = await client.preOrder({
      wallet: 'ALIPAYHK',
      outTradeNo,
      amountCents: 4_321,
      subject: 'E2E new terminal',
      tid,
      notifyUrl: `${stack.url}/api/eftpay/notify`,
    });
    expect(created.kind).toBe('accepted');
    await createSandboxControl(stack.sandboxUrl).pay(outTradeNo);

    await signIn(page, 'admin@demo.local');
    const terminal = page.locator(`[data-tid="${tid}"]`);
    await expect(async () => {
      await page.goto('/staff/stores');
      await expect(terminal).toContainText('1 order', { timeout: 1_000 });
    }).toPass({ timeout: 30_000 });
    await terminal.getByLabel('Store').selectOption({ label: 'Mong Kok (MK)' });
    await terminal.getByRole('button', { name: 'Map to store' }).click();
    await expect(page.getByTestId('map-outcome')).toHaveText(
      `Terminal ${tid} now belongs to the store: 1 order moved with it.`,
    );
    await page.reload();
    await expect(page.getByTestId('stores-table').getByRole('row', { name: /MK Mong Kok/ })).toContainText(tid);
    await expect(page.locator(`[data-tid="${tid}"]`)).toHaveCount(0);
    await page.goto(`/orders?q=${outTradeNo}`);
    await expect(page.getByTestId('orders-table').getByRole('row', { name: new RegExp(outTradeNo) })).toContainText(
      'Mong Kok',
    );
  });
});
