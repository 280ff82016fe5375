import { expect, test } from '@playwright/test';
import {
  gatewayTools,
  openOrder,
  paidThroughEftpay,
  refundActionId,
  refundRequestsAtSandbox,
  signIn,
  signOut,
} from './support';

/**
 * Refunds, end to end, on orders that reach the console exactly as eftPay sends them: a PreOrder at
 * the (sandbox) gateway on terminal T-CWB-01 — store CWB, manager@demo.local's — the customer pays,
 * and the sandbox POSTs its signed payment notification to the console.
 */

test.describe.configure({ mode: 'serial' });

test('a manager refunds HKD 40.00 then the remaining HKD 60.00; finance sees both and cannot refund', async ({
  page,
}) => {
  const outTradeNo = await paidThroughEftpay(10_000, { prefix: 'E2EREF', subject: 'E2E refund' });
  await signIn(page, 'manager@demo.local');
  const orderUrl = await openOrder(page, outTradeNo);
  const orderId = orderUrl.split('/').at(-1)!;

  const panel = page.getByTestId('refund-panel');
  await expect(panel).toContainText('HKD 100.00 of HKD 100.00 can still be refunded.');

  // First refund: HKD 40.00 of 100.00, "Returned goods".
  await panel.getByRole('button', { name: 'Refund…' }).click();
  const dialog = page.getByRole('dialog', { name: `Refund order ${outTradeNo}` });
  const amount = dialog.getByLabel('Amount to refund (HKD)');
  await expect(amount).toHaveValue('100.00');
  await amount.fill('40.00');
  await dialog.getByLabel('Reason').selectOption({ label: 'Returned goods' });
  await dialog.getByRole('button', { name: 'Continue' }).click();
  await expect(dialog.getByTestId('refund-confirm-sentence')).toHaveText(
    "Refund HKD 40.00 of HKD 100.00 to the customer's AlipayHK — this cannot be undone.",
  );
  // A double click sends one refund.
  await dialog.getByRole('button', { name: 'Refund HKD 40.00' }).dblclick();
  await expect(dialog.getByTestId('refund-outcome')).toContainText("Refunded HKD 40.00 to the customer's AlipayHK.");
  await expect(dialog.getByTestId('refund-outcome')).toHaveAttribute('data-status', 'succeeded');
  expect(await refundRequestsAtSandbox(outTradeNo)).toBe(1);
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(dialog).toBeHidden();

  // The page refreshed: 60.00 left, one refund listed.
  await expect(panel).toContainText('HKD 60.00 of HKD 100.00 can still be refunded.');
  await expect(page.getByTestId('order-refunds').locator('tbody tr')).toHaveCount(1);

  // Second refund: the remainder is filled in; "Other" needs a note.
  await panel.getByRole('button', { name: 'Refund…' }).click();
  await expect(dialog.getByLabel('Amount to refund (HKD)')).toHaveValue('60.00');
  await dialog.getByLabel('Reason').selectOption({ label: 'Other' });
  await dialog.getByRole('button', { name: 'Continue' }).click();
  await expect(dialog.getByText('Describe the reason when you choose "Other".')).toBeVisible();
  await dialog.getByLabel('Note (required for “Other”)').fill('客人要求全數退款');
  await expect(dialog.getByTestId('refund-note-count')).toHaveText('8/256');
  await dialog.getByRole('button', { name: 'Continue' }).click();
  await expect(dialog.getByTestId('refund-confirm-sentence')).toHaveText(
    "Refund HKD 60.00 of HKD 100.00 to the customer's AlipayHK — this cannot be undone.",
  );
  await dialog.getByRole('button', { name: 'Refund HKD 60.00' }).click();
  await expect(dialog.getByTestId('refund-outcome')).toHaveAttribute('data-status', 'succeeded');
  await dialog.getByRole('button', { name: 'Done' }).click();

  // Fully refunded: no remainder, no refund button, both refunds listed and on the timeline.
  await expect(page.locator('h1 + [data-status]')).toHaveAttribute('data-status', 'fully_refunded');
  await expect(page.getByTestId('refund-panel')).toHaveCount(0);
  const rows = page.getByTestId('order-refunds').locator('tbody tr');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText('HKD 40.00');
  await expect(rows.nth(1)).toContainText('HKD 60.00');
  await expect(rows.nth(1)).toContainText('客人要求全數退款');
  const timeline = page.getByTestId('order-timeline');
  await expect(timeline.locator('[data-action="refund.requested"]')).toHaveCount(2);
  await expect(timeline.locator('[data-action="refund.answered"]')).toHaveCount(2);
  expect(await refundRequestsAtSandbox(outTradeNo)).toBe(2);
  const atEftpay = await gatewayTools().sandbox.order(outTradeNo);
  expect(atEftpay?.refunds.map((r) => [r.amountCents, r.status])).toEqual([
    [4000, 'TRADE_REFUND'],
    [6000, 'TRADE_CLOSED'],
  ]);
  await signOut(page);

  // Finance: sees both refunds, no refund button — and the server refuses a crafted call.
  await signIn(page, 'finance@demo.local');
  await page.goto(orderUrl);
  await expect(page.getByTestId('order-refunds').locator('tbody tr')).toHaveCount(2);
  await expect(page.getByTestId('order-timeline').locator('[data-action="refund.requested"]')).toHaveCount(2);
  await expect(page.getByRole('button', { name: 'Refund…' })).toHaveCount(0);
  await expect(page.getByTestId('refund-panel')).toHaveCount(0);

  const crafted = await page.evaluate(
    async ({ actionId, input }) => {
      const response = await fetch(window.location.pathname, {
        method: 'POST',
        headers: { 'Next-Action': actionId, 'Content-Type': 'text/plain;charset=UTF-8', Accept: 'text/x-component' },
        body: JSON.stringify([input]),
      });
      return { status: response.status, text: await response.text() };
    },
    {
      actionId: refundActionId(),
      input: {
        orderId,
        amount: '1.00',
        reason: 'customer_request',
        note: '',
        idempotencyKey: crypto.randomUUID(),
      },
    },
  );
  expect(crafted.text).toContain('"code":"FORBIDDEN"');
  expect(crafted.text).not.toContain('refundId');
  await page.reload();
  await expect(page.getByTestId('order-refunds').locator('tbody tr')).toHaveCount(2);
  expect(await refundRequestsAtSandbox(outTradeNo)).toBe(2);
});

test('the page follows a refund eftPay finishes later, without a reload', async ({ page }) => {
  const outTradeNo = await paidThroughEftpay(5_000, { prefix: 'E2EREF', subject: 'E2E refund' });
  // eftPay answers APPLY_SUCCESS and notifies the result 4 s later.
  await gatewayTools().sandbox.fault({
    match: { outTradeNo },
    fault: 'apply-success-then-notification',
    delayMs: 4_000,
  });
  await signIn(page, 'manager@demo.local');
  await openOrder(page, outTradeNo);

  const panel = page.getByTestId('refund-panel');
  await panel.getByRole('button', { name: 'Refund…' }).click();
  const dialog = page.getByRole('dialog');
  // A well-formed amount above the remainder never reaches the confirm step: the form applies the
  // server's rule first (the server still decides; its own refusal is covered by the action tests).
  await dialog.getByLabel('Amount to refund (HKD)').fill('80.00');
  await dialog.getByLabel('Reason').selectOption({ label: 'Service problem' });
  await dialog.getByRole('button', { name: 'Continue' }).click();
  await expect(dialog.locator('[data-field-error="refund-amount"]')).toHaveText('At most HKD 50.00 can be refunded.');
  await expect(dialog.getByTestId('refund-confirm')).toHaveCount(0);
  await expect(dialog.getByLabel('Amount to refund (HKD)')).toHaveAttribute('aria-invalid', 'true');
  expect(await refundRequestsAtSandbox(outTradeNo)).toBe(0);

  await dialog.getByLabel('Amount to refund (HKD)').fill('20.00');
  await dialog.getByLabel('Reason').selectOption({ label: 'Service problem' });
  await dialog.getByRole('button', { name: 'Continue' }).click();
  await dialog.getByRole('button', { name: 'Refund HKD 20.00' }).click();
  await expect(dialog.getByTestId('refund-outcome')).toContainText(
    'eftPay is processing this refund. This page updates when it has finished.',
  );
  await dialog.getByRole('button', { name: 'Done' }).click();

  // Reserved while processing; followed live; settled by eftPay's notification.
  await expect(panel).toContainText('HKD 30.00 of HKD 50.00 can still be refunded.');
  const live = page.getByTestId('refund-live-status');
  await expect(live.locator('[data-status="processing"]')).toContainText('Processing');
  await expect(live.locator('[data-status="succeeded"]')).toContainText('Succeeded', { timeout: 20_000 });
  await expect(page.locator('h1 + [data-status]')).toHaveAttribute('data-status', 'partly_refunded');
  await expect(page.getByTestId('order-timeline').locator('[data-action="refund.notified"]')).toHaveCount(1);
  await expect(panel).toContainText('HKD 30.00 of HKD 50.00 can still be refunded.');
});

/**
 * A WeChat Pay HK refund is applied for (APPLY_SUCCESS) and settled by eftPay's notification. The
 * page's first live status answer is 3 s late, as on a slow shop connection, and the notification
 * lands before that first status request reaches the console, while it is on its way back, or
 * after it has come back: every time the page ends on eftPay's result without a reload.
 */
const INTERLEAVINGS = [
  { when: 'before the first status request reaches the console', notifyMs: 500, hold: 'request' },
  { when: 'while the first status answer is on its way back', notifyMs: 1_000, hold: 'answer' },
  { when: 'after the first status answer has come back', notifyMs: 5_000, hold: 'answer' },
] as const;

for (const { when, notifyMs, hold } of INTERLEAVINGS) {
  test(`a WeChat refund settled ${when} shows its result without a reload (first poll 3 s late)`, async ({ page }) => {
    const outTradeNo = await paidThroughEftpay(5_000, {
      prefix: 'E2EWX',
      subject: 'E2E WeChat refund',
      wallet: 'WECHATHK',
    });
    await gatewayTools().sandbox.fault({
      match: { outTradeNo },
      fault: 'apply-success-then-notification',
      delayMs: notifyMs,
    });
    await signIn(page, 'manager@demo.local');
    await openOrder(page, outTradeNo);

    let polls = 0;
    let firstAnswered = 0;
    await page.route('**/api/orders/*/refunds', async (route) => {
      polls += 1;
      if (polls !== 1) return route.fallback();
      if (hold === 'request') {
        // The request reaches the console after the wait: its answer already holds the result.
        await new Promise((resolve) => setTimeout(resolve, 3_000));
        await route.fulfill({ response: await route.fetch() });
      } else {
        // Read at once (still processing), handed to the page 3 s later.
        const response = await route.fetch();
        await new Promise((resolve) => setTimeout(resolve, 3_000));
        await route.fulfill({ response });
      }
      firstAnswered = Date.now();
    });

    const panel = page.getByTestId('refund-panel');
    await panel.getByRole('button', { name: 'Refund…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Amount to refund (HKD)').fill('20.00');
    await dialog.getByLabel('Reason').selectOption({ label: 'Service problem' });
    await dialog.getByRole('button', { name: 'Continue' }).click();
    await dialog.getByRole('button', { name: 'Refund HKD 20.00' }).click();
    await expect(dialog.getByTestId('refund-outcome')).toContainText('eftPay is processing this refund.');
    const applied = Date.now();
    await dialog.getByRole('button', { name: 'Done' }).click();

    const row = page.getByTestId('order-refunds').locator('tbody tr');
    await expect(row).toHaveCount(1);
    await expect(row.locator('[data-status]')).toHaveAttribute('data-status', 'succeeded', { timeout: 25_000 });
    await expect(page.locator('h1 + [data-status]')).toHaveAttribute('data-status', 'partly_refunded');
    await expect(page.getByTestId('order-timeline').locator('[data-action="refund.notified"]')).toHaveCount(1);
    await expect(page.getByTestId('refund-live-status').locator('[data-status="succeeded"]')).toContainText(
      'Succeeded',
    );
    await expect(panel).toContainText('HKD 30.00 of HKD 50.00 can still be refunded.');
    expect(polls).toBeGreaterThanOrEqual(1);
    // The delayed first answer did come back (≈3 s after the refund was applied for).
    expect(firstAnswered - applied).toBeGreaterThan(1_500);
  });
}

test('a refund made meanwhile in another tab: the stale tab’s confirm is withdrawn and the page shows what is left', async ({
  page,
  context,
}) => {
  const outTradeNo = await paidThroughEftpay(10_000, { prefix: 'E2ETABS', subject: 'E2E two tabs' });
  await signIn(page, 'manager@demo.local');
  await openOrder(page, outTradeNo);
  const other = await context.newPage();
  await other.goto(page.url());

  // The second tab still shows HKD 100.00 refundable and gets as far as the red button…
  const stale = other.getByTestId('refund-panel');
  await expect(stale).toContainText('HKD 100.00 of HKD 100.00 can still be refunded.');
  await stale.getByRole('button', { name: 'Refund…' }).click();
  const staleDialog = other.getByRole('dialog');
  await staleDialog.getByLabel('Amount to refund (HKD)').fill('60.00');
  await staleDialog.getByLabel('Reason').selectOption({ label: 'Returned goods' });
  await staleDialog.getByRole('button', { name: 'Continue' }).click();
  await expect(staleDialog.getByRole('button', { name: 'Refund HKD 60.00' })).toBeEnabled();

  // …while the first tab refunds HKD 60.00.
  await page.getByTestId('refund-panel').getByRole('button', { name: 'Refund…' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Amount to refund (HKD)').fill('60.00');
  await dialog.getByLabel('Reason').selectOption({ label: 'Returned goods' });
  await dialog.getByRole('button', { name: 'Continue' }).click();
  await dialog.getByRole('button', { name: 'Refund HKD 60.00' }).click();
  await expect(dialog.getByTestId('refund-outcome')).toHaveAttribute('data-status', 'succeeded');

  // The stale tab's click is refused by the server: no confirm left to press, the amount field
  // says what is left, and the panel behind it shows the new remainder without a reload.
  await staleDialog.getByRole('button', { name: 'Refund HKD 60.00' }).click();
  await expect(staleDialog.getByTestId('refund-confirm')).toHaveCount(0);
  await expect(staleDialog.locator('[data-field-error="refund-amount"]')).toHaveText(
    'At most HKD 40.00 can be refunded.',
  );
  await expect(stale).toContainText('HKD 40.00 of HKD 100.00 can still be refunded.');
  // The form's own check now knows the new remainder: 60.00 is stopped before the confirm step.
  await staleDialog.getByRole('button', { name: 'Continue' }).click();
  await expect(staleDialog.getByTestId('refund-confirm')).toHaveCount(0);
  await expect(staleDialog.locator('[data-field-error="refund-amount"]')).toHaveText(
    'At most HKD 40.00 can be refunded.',
  );
  expect(await refundRequestsAtSandbox(outTradeNo)).toBe(1);
});

test('an answer lost on the way back is retried with the same form: one refund, not two', async ({ page }) => {
  const outTradeNo = await paidThroughEftpay(3_000, { prefix: 'E2EREF', subject: 'E2E refund' });
  await signIn(page, 'manager@demo.local');
  await openOrder(page, outTradeNo);

  // The first submission reaches the server (which refunds), but its answer never reaches the browser.
  let lost = false;
  await page.route(
    (url) => /\/orders\/[0-9a-f-]{36}$/.test(url.pathname),
    async (route) => {
      const isAction = route.request().method() === 'POST' && route.request().headers()['next-action'];
      if (!isAction || lost) return route.fallback();
      lost = true;
      await route.fetch();
      await route.abort('failed');
    },
  );

  await page.getByTestId('refund-panel').getByRole('button', { name: 'Refund…' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Reason').selectOption({ label: 'Duplicate payment' });
  await dialog.getByRole('button', { name: 'Continue' }).click();
  await dialog.getByRole('button', { name: 'Refund HKD 30.00' }).click();
  await expect(dialog.getByText('The console could not be reached.', { exact: false })).toBeVisible();
  expect(await refundRequestsAtSandbox(outTradeNo)).toBe(1);

  // Sending the same form again finds the refund already made.
  await dialog.getByRole('button', { name: 'Refund HKD 30.00' }).click();
  const outcome = dialog.getByTestId('refund-outcome');
  await expect(outcome).toHaveAttribute('data-status', 'succeeded');
  await expect(outcome).toContainText('This form had already been sent — this is that same refund');
  expect(await refundRequestsAtSandbox(outTradeNo)).toBe(1);
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(page.locator('h1 + [data-status]')).toHaveAttribute('data-status', 'fully_refunded');
  await expect(page.getByTestId('order-refunds').locator('tbody tr')).toHaveCount(1);
});
