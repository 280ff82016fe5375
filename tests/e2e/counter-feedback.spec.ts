import { expect, test } from '@playwright/test';
import { openOrder, paidThroughEftpay, signIn } from './support';

/**
 * Feedback for counter staff on slow connections: a page being fetched shows a loading state at
 * once, and closing the refund dialog puts focus back on the Refund… button.
 */

test('closing the refund dialog returns focus to the Refund… button', async ({ page }) => {
  const outTradeNo = await paidThroughEftpay(1_500, { prefix: 'E2EFOCUS', subject: 'E2E focus' });

  await signIn(page, 'manager@demo.local');
  await openOrder(page, outTradeNo);

  const trigger = page.getByTestId('refund-panel').getByRole('button', { name: 'Refund…' });
  await trigger.click();
  const dialog = page.getByTestId('refund-dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(trigger).toBeFocused();
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Refund…');
});

test('a page still on its way shows the loading state at once', async ({ page }) => {
  await signIn(page, 'finance@demo.local');
  await page.goto('/orders');
  // Hold back the audit page's server render (not its prefetch, which carries the loading state)
  // so the route's loading state has time to show.
  await page.route(
    (url) => url.pathname === '/audit',
    async (route) => {
      if (route.request().headers()['next-router-prefetch'] === undefined) {
        await new Promise((resolve) => setTimeout(resolve, 3_000));
      }
      await route.continue();
    },
  );
  const link = page.getByRole('link', { name: 'Audit log' }).first();
  await link.hover();
  await page.waitForLoadState('networkidle');
  await link.click();
  await expect(page.getByRole('status').filter({ hasText: 'Loading…' })).toBeVisible({ timeout: 2_000 });
  await expect(page).toHaveURL(/\/audit$/);
  await expect(page.getByRole('status').filter({ hasText: 'Loading…' })).toBeHidden({ timeout: 15_000 });
});
