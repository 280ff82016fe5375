import { expect, type Page, test } from '@playwright/test';
import { demoUser } from './support';

// A demo account no other spec changes the language of; it ends every test in English.
const EMAIL = 'manager.tst@demo.local';

const switchTo = (page: Page, name: 'English' | '中文') =>
  page.getByRole('group', { name: 'Language / 語言' }).getByRole('button', { name }).click();

async function signInInChinese(page: Page) {
  await page.getByLabel('電郵').fill(EMAIL);
  await page.getByLabel('密碼').fill(demoUser(EMAIL).password);
  await page.getByRole('button', { name: '登入', exact: true }).click();
  await expect(page.getByTestId('signed-in-as')).toBeVisible();
}

test.describe('the console’s language', () => {
  test('follows the browser’s Accept-Language before sign-in', async ({ browser }) => {
    for (const [locale, lang, heading] of [
      ['zh-HK', 'zh-HK', '登入'],
      ['zh-TW', 'zh-HK', '登入'],
      ['en-GB', 'en', 'Sign in'],
    ] as const) {
      const context = await browser.newContext({ locale });
      const page = await context.newPage();
      await page.goto('/login');
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
      await context.close();
    }
  });

  test('is chosen on the sign-in page, kept on the account, and survives sign-out', async ({ page, context }) => {
    await page.goto('/login');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await switchTo(page, '中文');
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-HK');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('登入');

    // Signed in without a choice of their own, the browser's choice still holds.
    await signInInChinese(page);
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link').first()).toHaveText('訂單');
    const row = page.getByTestId('orders-table').locator('tbody tr').first();
    await expect(row).toContainText('HK$');
    await expect(row).toContainText('年');

    // Chosen in the header: stored on the account, and the page speaks it at once.
    await switchTo(page, 'English');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link').first()).toHaveText('Orders');
    await expect(page.getByTestId('orders-table').locator('tbody tr').first()).toContainText('HKD');

    // Signed out, the sign-in page speaks the account's language.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in');

    // The browser asks for Chinese again before sign-in; the account's English wins once signed in.
    await switchTo(page, '中文');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('登入');
    await signInInChinese(page);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link').first()).toHaveText('Orders');
    const cookie = (await context.cookies()).find((c) => c.name === 'NEXT_LOCALE');
    expect(cookie?.value).toBe('zh-HK');
  });
});
