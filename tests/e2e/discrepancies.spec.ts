import { expect, test } from '@playwright/test';
import { paidThroughEftpay, signIn, unknownRefundNotified } from './support';

/**
 * A signed refund notification for a refund the console never made reaches finance as a
 * discrepancy (docs/adr/0011): nothing about the order changes, finance sees it on its own page
 * and marks it resolved with a note; the note is required.
 */
test('finance resolves a signed notification for a refund we never made', async ({ page, request }) => {
  const outTradeNo = await paidThroughEftpay(3_000, { prefix: 'DSC' });
  const refundNo = await unknownRefundNotified(request, outTradeNo, '30.00');

  await signIn(page, 'finance@demo.local');
  await page.goto('/discrepancies');
  await expect(page.getByRole('heading', { name: 'Discrepancies with eftPay' })).toBeVisible();
  const row = page.getByTestId('discrepancies-open').getByTestId('discrepancy-row').filter({ hasText: refundNo });
  await expect(row).toContainText('A refund we never made');
  await expect(row.getByRole('link', { name: outTradeNo })).toBeVisible();

  await row.getByRole('button', { name: 'Mark resolved' }).click();
  await expect(row.locator('[data-field-error]')).toBeVisible();
  await row.getByLabel('What was done').fill('Checked with eftPay: a test message from their side.');
  await row.getByRole('button', { name: 'Mark resolved' }).click();
  const resolved = page
    .getByTestId('discrepancies-resolved')
    .getByTestId('discrepancy-row')
    .filter({ hasText: refundNo });
  await expect(resolved).toContainText('Resolved by');
  await expect(resolved).toContainText('Checked with eftPay');

  // The order was not refunded by the message, and its timeline says what happened.
  await resolved.getByRole('link', { name: outTradeNo }).click();
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('order-amounts')).not.toContainText('Refunded');
  await expect(page.getByTestId('order-amounts')).toContainText('30.00');
  await expect(page.getByText('a refund we never made — nothing was changed')).toBeVisible();
});
