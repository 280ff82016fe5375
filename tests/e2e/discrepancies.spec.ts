import { expect, test } from '@playwright/test';
import { openOrder, paidThroughEftpay, signIn, unknownRefundNotified } from './support';

/**
 * A signed refund notification for a refund the console never made reaches finance as a
 * discrepancy (docs/adr/0011): nothing about the order changes, finance sees it on its own page
 * and marks it resolved with a note; the note is required.
 */
test('finance resolves a signed notification for a refund we never made', async ({ page, request }) => {
  const outTradeNo = await paidThroughEftpay(3_000, { prefix: 'DSC' });
  await signIn(page, 'finance@demo.local');
  // The payment's notification is stored first, so the refund notification names an order we hold.
  await openOrder(page, outTradeNo);
  const refundNo = await unknownRefundNotified(request, outTradeNo, '30.00');

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

/**
 * A crafted action call with a 1 MB note gets the note's field message from the action's schema,
 * not a 500; one above the action body limit (2 MB) is refused with 413 before it is read.
 */
test('an oversized note sent to the action gets a field message, and a body over the limit a 413', async ({
  page,
  request,
}) => {
  const outTradeNo = await paidThroughEftpay(1_200, { prefix: 'DSB' });
  const refundNo = await unknownRefundNotified(request, outTradeNo, '12.00');
  await signIn(page, 'finance@demo.local');
  await page.goto('/discrepancies');
  const row = page.getByTestId('discrepancies-open').getByTestId('discrepancy-row').filter({ hasText: refundNo });
  await row.getByLabel('What was done').fill('NOTE-TO-REPLACE');

  let filler = 'x'.repeat(1_048_576);
  const statuses: number[] = [];
  await page.route('**/discrepancies', async (route) => {
    const sent = route.request();
    if (sent.method() !== 'POST' || !(await sent.headerValue('next-action'))) return route.continue();
    const response = await route.fetch({ postData: (sent.postData() ?? '').replace('NOTE-TO-REPLACE', filler) });
    statuses.push(response.status());
    await route.fulfill({ response });
  });
  await row.getByRole('button', { name: 'Mark resolved' }).click();
  await expect(row.locator('[data-field-error]')).toContainText('1,000');
  expect(statuses).toEqual([200]);

  filler = 'x'.repeat(3 * 1_048_576);
  await row.getByRole('button', { name: 'Mark resolved' }).click();
  await expect.poll(() => statuses).toEqual([200, 413]);
  // Nothing was resolved by either.
  await page.goto('/discrepancies');
  await expect(
    page.getByTestId('discrepancies-open').getByTestId('discrepancy-row').filter({ hasText: refundNo }),
  ).toBeVisible();
});
