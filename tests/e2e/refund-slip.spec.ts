import { expect, test } from '@playwright/test';
import { openOrder, paidThroughEftpay, signIn, signOut } from './support';

/**
 * The refund slip (退款單) on a phone: a manager of store CWB refunds part of an order paid through
 * the (sandbox) gateway, opens the slip from the refund's outcome, copies its numbers and prints it —
 * the printout is the slip alone, in English and Chinese side by side.
 */

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

test('a manager on a phone refunds part of an order and prints its bilingual slip', async ({ page, context }) => {
  const outTradeNo = await paidThroughEftpay(10_000, { prefix: 'E2ESLIP', subject: 'E2E refund slip' });
  await signIn(page, 'manager@demo.local');
  await openOrder(page, outTradeNo);

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

  // On screen: the console's navigation, the print button and the way back.
  const nav = page.getByRole('navigation', { name: 'Main' });
  const print = page.getByRole('button', { name: 'Print slip' });
  const back = page.getByRole('link', { name: `Back to order ${outTradeNo}` });
  for (const shown of [nav, print, back, copyRefundNo]) await expect(shown).toBeVisible();

  // Printed: the slip alone, both languages, the amount once.
  await page.emulateMedia({ media: 'print' });
  for (const hidden of [nav, print, back, copyRefundNo, page.getByTestId('signed-in-as')]) {
    await expect(hidden).toBeHidden();
  }
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
  await signOut(page);

  // Another store's manager: a real 404, the same as a slip that does not exist.
  await signIn(page, 'manager.tst@demo.local');
  expect((await page.goto(slipUrl))?.status()).toBe(404);
  expect((await page.goto('/refunds/00000000-0000-4000-8000-000000000000/slip'))?.status()).toBe(404);
});
