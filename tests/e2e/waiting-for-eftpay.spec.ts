import { expect, type Locator, test } from '@playwright/test';
import type { Wallet } from '@/lib/shared/wallets';
import { demoUser, gatewayTools, openOrder, paidThroughEftpay, signIn } from './support';

/**
 * A slow eftPay, as counter staff on a phone see it: the sandbox holds its answer (a `timeout`
 * fault shorter than the console's 30 s limit, so the real answer still arrives) and the page says
 * it is waiting for eftPay, counting the seconds, then why it is safe to wait — in the refund
 * confirm step, Find at eftPay, the close dialog and Refresh from eftPay — until the outcome shows.
 */

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
test.use(PHONE);

/** The seconds the visible waiting line shows, or NaN while it reads anything else. */
function secondsShown(line: Locator, pattern: RegExp) {
  return async () => {
    const text = (await line.locator('p').first().textContent()) ?? '';
    const match = pattern.exec(text);
    return match ? Number(match[1]) : Number.NaN;
  };
}

const EN_LINE = /^Waiting for eftPay… (\d+) s$/;

/** The line appears, and its number grows by at least `by` seconds. */
async function expectCounting(line: Locator, pattern: RegExp, by: number) {
  await expect(line).toBeVisible();
  const read = secondsShown(line, pattern);
  const first = await read();
  expect(first).toBeGreaterThanOrEqual(1);
  await expect.poll(read, { intervals: [200], timeout: (by + 5) * 1_000 }).toBeGreaterThanOrEqual(first + by);
}

test('a refund eftPay takes 14 s to answer: the wait is counted, then reassured, then the outcome shows', async ({
  page,
}) => {
  const outTradeNo = await paidThroughEftpay(4_200, { prefix: 'E2EWAIT', subject: 'E2E slow refund' });
  const { sandbox } = gatewayTools();
  await sandbox.fault({ match: { path: 'AppTradeRefund.do', outTradeNo }, fault: 'timeout', delayMs: 14_000 });
  await signIn(page, 'manager@demo.local');
  await openOrder(page, outTradeNo);

  await page.getByTestId('refund-panel').getByRole('button', { name: 'Refund…' }).click();
  const dialog = page.getByRole('dialog', { name: `Refund order ${outTradeNo}` });
  await dialog.getByLabel('Reason').selectOption({ label: 'Service problem' });
  await dialog.getByRole('button', { name: 'Continue' }).click();
  // The polite live region is there, empty, before the wait begins, so its first words are announced.
  const announced = dialog.getByTestId('waiting-for-gateway-status');
  await expect(announced).toHaveAttribute('role', 'status');
  await expect(announced).toHaveAttribute('aria-live', 'polite');
  await expect(announced).toHaveText('');
  await dialog.getByRole('button', { name: 'Refund HKD 42.00' }).click();
  await expect(dialog.getByRole('button', { name: 'Refunding…' })).toBeDisabled();

  const line = dialog.getByTestId('waiting-for-gateway');
  await expectCounting(line, EN_LINE, 3);
  // Seconds later the live region still says only that the wait began: the count, hidden from
  // screen readers, is not read out every second.
  await expect(line).toHaveAttribute('aria-hidden', 'true');
  await expect(announced).toHaveText('Waiting for eftPay…');
  await expect(line).not.toContainText('Don’t close this page');

  // From 10 s on: why it is safe to wait, on screen and for screen readers.
  const reassurance = 'Don’t close this page — the refund will not be sent twice.';
  await expect(line.getByText(reassurance, { exact: true })).toBeVisible({ timeout: 12_000 });
  expect(await secondsShown(line, EN_LINE)()).toBeGreaterThanOrEqual(10);
  await expect(announced).toHaveText(`Still waiting for eftPay (10 s). ${reassurance}`);

  // eftPay's answer: the outcome replaces the confirm step; one refund call reached eftPay.
  const outcome = dialog.getByTestId('refund-outcome');
  await expect(outcome).toHaveAttribute('data-status', 'succeeded', { timeout: 15_000 });
  await expect(outcome).toContainText('HKD 42.00');
  await expect(dialog.getByTestId('waiting-for-gateway')).toHaveCount(0);
  expect(await sandbox.requests({ outTradeNo, path: 'AppTradeRefund.do' })).toHaveLength(1);
});

test('a supervisor finds an abandoned order at a slow eftPay, then closes it: both waits are counted', async ({
  page,
}) => {
  const { client, sandbox } = gatewayTools();
  const wallet: Wallet = 'ALIPAYHK';
  const outTradeNo = `E2EWAITC${Date.now().toString(36).toUpperCase()}`;
  const created = await client.preOrder({
    wallet,
    outTradeNo,
    amountCents: 3_300,
    subject: 'E2E slow close',
    tid: 'T-CWB-01',
  });
  expect(created.kind).toBe('accepted');
  await sandbox.backdate(outTradeNo, new Date(Date.now() - 20 * 60_000));
  await signIn(page, 'supervisor@demo.local');

  // Find at eftPay: its Query is held 4 s.
  await sandbox.fault({
    match: { service: 'service.alipay.qrcode.Query', outTradeNo },
    fault: 'timeout',
    delayMs: 4_000,
  });
  await page.goto(`/orders?q=${outTradeNo}`);
  const card = page.getByTestId('find-at-eftpay');
  await card.getByLabel('Wallet the customer paid with').selectOption(wallet);
  await card.getByRole('button', { name: 'Find at eftPay' }).click();
  await expectCounting(card.getByTestId('waiting-for-gateway'), EN_LINE, 1);
  await expect(card.getByTestId('waiting-for-gateway-status')).toHaveText('Waiting for eftPay…');
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/, { timeout: 15_000 });

  // Close: eftPay's Close is held 4 s.
  await sandbox.fault({
    match: { service: 'service.alipay.qrcode.Close', outTradeNo },
    fault: 'timeout',
    delayMs: 4_000,
  });
  await page.getByTestId('close-order-panel').getByRole('button', { name: 'Close order…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Close unpaid orders' });
  await dialog.getByLabel('Reason').fill('Left the queue (slow eftPay)');
  await dialog.getByRole('button', { name: 'Close 1 order' }).click();
  await expect(dialog.getByRole('button', { name: 'Closing…' })).toBeDisabled();
  await expectCounting(dialog.getByTestId('waiting-for-gateway'), EN_LINE, 1);
  await expect(dialog.getByTestId('waiting-for-gateway-status')).toHaveText('Waiting for eftPay…');
  await expect(dialog.locator(`[data-testid="close-outcome"][data-order="${outTradeNo}"]`)).toHaveAttribute(
    'data-result',
    'closed',
    { timeout: 15_000 },
  );
  await expect(dialog.getByTestId('waiting-for-gateway')).toHaveCount(0);
  expect((await sandbox.order(outTradeNo))?.status).toBe('closed');
});

test('Refresh from eftPay, in Chinese: 正在等候 eftPay 回覆… counts the seconds until eftPay answers', async ({
  browser,
}) => {
  const outTradeNo = await paidThroughEftpay(5_100, { prefix: 'E2EWAITZH', tid: 'T-MK-01', subject: 'E2E slow query' });
  const context = await browser.newContext({ ...PHONE, locale: 'zh-HK' });
  const page = await context.newPage();
  // Mong Kok's manager, whose browser (and stored choice) is Chinese.
  await page.goto('/login');
  await page.getByLabel('電郵').fill('manager.mk@demo.local');
  await page.getByLabel('密碼').fill(demoUser('manager.mk@demo.local').password);
  await page.getByRole('button', { name: '登入', exact: true }).click();
  // On a phone the name sits in the folded menu.
  await expect(page.getByTestId('signed-in-as')).toBeAttached();
  await expect(async () => {
    await page.goto(`/orders?q=${outTradeNo}`);
    await expect(page.getByRole('link', { name: outTradeNo })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await page.getByRole('link', { name: outTradeNo }).click();
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/);

  await gatewayTools().sandbox.fault({
    match: { service: 'service.alipay.qrcode.Query', outTradeNo },
    fault: 'timeout',
    delayMs: 5_000,
  });
  await page.getByRole('button', { name: '從 eftPay 更新' }).click();
  const line = page.getByTestId('waiting-for-gateway');
  await expectCounting(line, /^正在等候 eftPay 回覆… (\d+) 秒$/, 2);
  await expect(page.getByTestId('waiting-for-gateway-status')).toHaveText('正在等候 eftPay 回覆…');
  await expect(page.getByTestId('refresh-outcome')).toContainText('已從 eftPay 更新', { timeout: 15_000 });
  await expect(line).toHaveCount(0);
  await context.close();
});
