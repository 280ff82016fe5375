import { type Browser, expect, type Page, test } from '@playwright/test';
import { demoUser, openOrder, paidThroughEftpay } from './support';

/**
 * The console in Traditional Chinese, as a Cantonese-speaking store manager and a finance officer
 * use it: browsers that ask for zh-HK, a partial refund with the over-remainder refusal, the
 * outcome, the timeline and the slip in Chinese; the language switched and kept across sign-out;
 * refund history, totals, chart and CSV in Chinese. Mong Kok's manager (陳美玲) is used only here.
 */

test.describe.configure({ mode: 'serial' });

const MANAGER = 'manager.mk@demo.local';
const FINANCE = 'finance@demo.local';

async function chineseBrowser(browser: Browser) {
  const context = await browser.newContext({ locale: 'zh-HK' });
  return { context, page: await context.newPage() };
}

async function signInChinese(page: Page, email: string) {
  await page.goto('/login');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-HK');
  await page.getByLabel('電郵').fill(email);
  await page.getByLabel('密碼').fill(demoUser(email).password);
  await page.getByRole('button', { name: '登入', exact: true }).click();
  await expect(page.getByTestId('signed-in-as')).toBeVisible();
}

const switchTo = (page: Page, name: 'English' | '中文') =>
  page.getByRole('group', { name: 'Language / 語言' }).getByRole('button', { name }).click();

test('a manager with a Chinese browser refunds part of an order, all in Traditional Chinese', async ({ browser }) => {
  const outTradeNo = await paidThroughEftpay(10_000, { prefix: 'E2EZH', tid: 'T-MK-01', subject: '港式奶茶 x2' });
  const { context, page } = await chineseBrowser(browser);
  await signInChinese(page, MANAGER);
  await expect(page.getByTestId('signed-in-as')).toContainText('店舖經理');

  const orderUrl = await openOrder(page, outTradeNo);

  const panel = page.getByTestId('refund-panel');
  await expect(panel).toContainText('仍可退款 HK$100.00（已付 HK$100.00）。');
  await panel.getByRole('button', { name: '退款…' }).click();
  const dialog = page.getByRole('dialog', { name: `訂單 ${outTradeNo} 退款` });

  // More than was paid: refused on the field, in Chinese, before anything is confirmed.
  await dialog.getByLabel('退款金額（港元）').fill('150.00');
  await dialog.getByLabel('原因').selectOption({ label: '退貨' });
  await dialog.getByRole('button', { name: '繼續' }).click();
  await expect(dialog.locator('[data-field-error="refund-amount"]')).toHaveText('最多只可退款 HK$100.00。');

  await dialog.getByLabel('退款金額（港元）').fill('40.00');
  await dialog.getByRole('button', { name: '繼續' }).click();
  await expect(dialog.getByTestId('refund-confirm-sentence')).toHaveText(
    '將 HK$40.00 退回顧客的 AlipayHK（已付 HK$100.00）。此操作無法撤回。',
  );
  await dialog.getByRole('button', { name: '退款 HK$40.00' }).click();
  const outcome = dialog.getByTestId('refund-outcome');
  await expect(outcome).toHaveAttribute('data-status', 'succeeded');
  await expect(outcome).toContainText('已將 HK$40.00 退回顧客的 AlipayHK。');
  await dialog.getByRole('button', { name: '完成' }).click();

  // The order page and its timeline speak Chinese.
  await expect(panel).toContainText('仍可退款 HK$60.00（已付 HK$100.00）。');
  const timeline = page.getByTestId('order-timeline');
  await expect(timeline).toContainText('HK$40.00');
  await expect(timeline).toContainText('陳美玲');
  await expect(timeline).toContainText('eftPay');
  expect(await timeline.innerText()).not.toMatch(/\b(refund|Refund|requested|answered|confirmed)\b/);

  // The slip: both languages side by side, whatever the reader's.
  await page
    .getByTestId('order-refunds')
    .getByRole('link', { name: /退款單/ })
    .first()
    .click();
  await expect(page).toHaveURL(/\/refunds\/[0-9a-f-]{36}\/slip$/);
  await expect(page.locator('main')).toContainText('退款單');
  await expect(page.locator('main')).toContainText('Refund slip');
  await expect(page.locator('main')).toContainText('HKD 40.00');

  // Switched to English and back; the choice is the account's and survives sign-out.
  await page.goto(orderUrl);
  await switchTo(page, 'English');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByTestId('refund-panel')).toContainText('HKD 60.00 of HKD 100.00 can still be refunded.');
  await switchTo(page, '中文');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-HK');
  await expect(page.getByTestId('refund-panel')).toContainText('仍可退款 HK$60.00');
  await page.getByRole('button', { name: '登出' }).click();
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('登入');
  await context.close();

  // Even from an English browser, her account's Chinese wins once she signs in.
  const english = await browser.newContext({ locale: 'en-GB' });
  const again = await english.newPage();
  await again.goto('/login');
  await again.getByLabel('Email').fill(MANAGER);
  await again.getByLabel('Password').fill(demoUser(MANAGER).password);
  await again.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(again.locator('html')).toHaveAttribute('lang', 'zh-HK');
  await expect(again.getByRole('navigation', { name: 'Main' }).getByRole('link').first()).toHaveText('訂單');
  await english.close();
});

test('finance reads refund history, totals and the chart and exports the CSV in Chinese', async ({ browser }) => {
  const { context, page } = await chineseBrowser(browser);
  await signInChinese(page, FINANCE);
  await page.goto('/refunds?range=last30');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('退款記錄');
  await expect(page.getByText('此篩選條件的總計')).toBeVisible();
  await expect(page.getByText('每日金額')).toBeVisible();
  await expect(page.locator('main')).toContainText('HK$');

  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: '匯出 CSV' }).click();
  const file = await download;
  const text = await (await file.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8'));
  const [header, ...rows] = text
    .replace(/^\uFEFF/, '')
    .trim()
    .split(/\r?\n/);
  expect(header).toMatch(/退款編號/);
  expect(header).toMatch(/status_code/);
  expect(rows.length).toBeGreaterThan(0);
  expect(text).toMatch(/已退款|成功|退貨|顧客要求/);
  await context.close();
});
