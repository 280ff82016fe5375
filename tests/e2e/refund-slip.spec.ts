import { expect, type Page, test } from '@playwright/test';
import { paidThroughEftpay, signIn, signOut } from './support';

/**
 * The refund slip (退款單) on a phone: a manager of store CWB finds an order paid through the
 * (sandbox) gateway the ways a customer reads it out — its number in lower case, its last six
 * characters, its amount — refunds part of it, opens the slip from the refund's outcome, copies its
 * numbers and prints it — the printout is the slip alone, in English and Chinese side by side.
 */

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

/** An amount no demo order has (theirs are in 10-cent steps); an amount search lists newest first anyway. */
const AMOUNT_CENTS = 24_687;

/** Types `q` into the orders page's search box and waits for the server's list for it. */
async function searchBox(page: Page, q: string) {
  await page.goto('/orders');
  await page.getByLabel('Order number').fill(q);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe(q);
  await expect(page.getByTestId('orders-results')).toHaveAttribute('aria-busy', 'false');
}

test('a manager on a phone finds an order, refunds part of it and prints its bilingual slip', async ({
  page,
  context,
}) => {
  const outTradeNo = await paidThroughEftpay(AMOUNT_CENTS, { prefix: 'E2ESLIP', subject: 'E2E refund slip' });
  await signIn(page, 'manager@demo.local');
  const results = page.getByTestId('orders-results');
  const link = results.getByRole('link', { name: outTradeNo, exact: true });

  // Its number in lower case: the list shows it (the search box lists; it does not jump to the
  // order), and since the number is one we hold, in any case, eftPay is not offered.
  await expect(async () => {
    await searchBox(page, outTradeNo.toLowerCase());
    await expect(link).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await expect(page).toHaveURL(/\/orders\?/);
  await expect(page.getByTestId('find-at-eftpay')).toHaveCount(0);

  // Its last six characters.
  await searchBox(page, outTradeNo.slice(-6));
  await expect(link).toBeVisible();

  // Its amount as typed, with or without the currency: newest first, so the order just paid
  // heads the list whatever else has that amount.
  for (const q of ['HK$246.87', '246.87', 'HKD 246.87']) {
    await searchBox(page, q);
    const first = results.locator('[data-order-id]').first();
    await expect(first.getByRole('link')).toHaveText(outTradeNo);
    await expect(first).toContainText('HKD 246.87');
  }
  await link.click();
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { name: `Order ${outTradeNo}` })).toBeVisible();

  await page.getByTestId('refund-panel').getByRole('button', { name: 'Refund…' }).click();
  const dialog = page.getByRole('dialog', { name: `Refund order ${outTradeNo}` });
  await dialog.getByLabel('Amount to refund (HKD)').fill('25.50');
  await dialog.getByLabel('Reason').selectOption({ label: 'Returned goods' });
  await dialog.getByRole('button', { name: 'Continue' }).click();
  await dialog.getByRole('button', { name: 'Refund HKD 25.50' }).click();
  await expect(dialog.getByTestId('refund-outcome')).toHaveAttribute('data-status', 'succeeded');
  const refundNoLine =
    (await dialog
      .getByTestId('refund-outcome')
      .getByText(/^Refund no\. /)
      .textContent()) ?? '';
  const refundNo = refundNoLine.match(/^Refund no\. (\S+)$/)?.[1];
  expect(refundNo).toBeTruthy();

  // The outcome links to the slip.
  await dialog.getByRole('link', { name: 'View refund slip' }).click();
  await expect(page).toHaveURL(/\/refunds\/[0-9a-f-]{36}\/slip$/);
  const slipUrl = page.url();
  const slip = page.getByTestId('refund-slip');
  await expect(slip.getByTestId('slip-amount')).toHaveText('HKD 25.50');
  await expect(slip.getByTestId('slip-order-no')).toHaveText(outTradeNo);
  await expect(slip.getByTestId('slip-refund-no')).toHaveText(refundNo!);
  await expect(slip.locator('[data-field="store"] dd')).toHaveText('Causeway Bay (CWB)');
  await expect(slip.locator('[data-field="wallet"] dd')).toHaveText('AlipayHK');
  await expect(slip.locator('[data-field="reason"] dd')).toHaveText('Returned goods 退貨');
  await expect(slip.locator('[data-field="staff"] dd')).toHaveText('Mandy Manager');
  await expect(slip.locator('[data-field="status"] dd')).toHaveText('Succeeded 成功');
  await expect(slip.locator('[data-field="dateTime"] dd')).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  // Each label in both languages; the Chinese marked as such.
  await expect(slip.locator('[data-field="amount"] dt')).toHaveText('Refund amount 退款金額');
  await expect(slip.locator('[data-field="amount"] dt [lang="zh-HK"]')).toHaveText('退款金額');
  await expect(slip.getByRole('heading', { level: 1 })).toHaveText('Refund slip 退款單');

  // It fits the phone, and a 360 px one: nothing wider than the screen.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.setViewportSize({ width: 360, height: 740 });
  await expect(slip.getByTestId('slip-refund-no')).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await page.setViewportSize({ width: 390, height: 844 });

  // Copy buttons: an accessible name, and a visible confirmation.
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(slipUrl).origin });
  const copyRefundNo = page.getByRole('button', { name: 'Copy refund number' });
  await copyRefundNo.click();
  await expect(copyRefundNo).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(refundNo);
  await page.getByRole('button', { name: 'Copy order number' }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(outTradeNo);

  // On screen: the console's navigation (on a phone behind the Menu button), the print button
  // and the way back.
  const menu = page.getByRole('button', { name: 'Menu', exact: true });
  const nav = page.getByRole('navigation', { name: 'Main' });
  const print = page.getByRole('button', { name: 'Print slip' });
  const back = page.getByRole('link', { name: `Back to order ${outTradeNo}` });
  for (const shown of [menu, print, back, copyRefundNo]) await expect(shown).toBeVisible();
  await menu.click();
  await expect(nav).toBeVisible();

  // Printed, even with the menu open: the slip alone, both languages, the amount once.
  await page.emulateMedia({ media: 'print' });
  for (const hidden of [nav, page.getByRole('button', { name: 'Close menu' }), print, back, copyRefundNo]) {
    await expect(hidden).toBeHidden();
  }
  await expect(page.getByTestId('signed-in-as')).toBeHidden();
  await expect(slip).toBeVisible();
  await expect(slip.getByText('Refund amount', { exact: true })).toBeVisible();
  await expect(slip.getByText('退款金額', { exact: true })).toBeVisible();
  await expect(slip.getByText('HKD 25.50', { exact: true })).toHaveCount(1);
  await expect(slip.getByTestId('slip-amount')).toBeVisible();
  await page.emulateMedia({ media: 'screen' });

  // The order page lists the refund with a link to the same slip.
  await back.click();
  await expect(page.getByRole('link', { name: `Refund slip ${refundNo}` })).toHaveAttribute(
    'href',
    new URL(slipUrl).pathname,
  );
  await page.getByRole('button', { name: 'Menu', exact: true }).click();
  await signOut(page);

  // Another store's manager: a real 404, the same as a slip that does not exist.
  await signIn(page, 'manager.tst@demo.local');
  expect((await page.goto(slipUrl))?.status()).toBe(404);
  expect((await page.goto('/refunds/00000000-0000-4000-8000-000000000000/slip'))?.status()).toBe(404);
});
