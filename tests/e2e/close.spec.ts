import fs from 'node:fs';
import path from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import type { Wallet } from '@/lib/shared/wallets';
import { gatewayTools, signIn } from './support';

/**
 * Closing abandoned QR orders, end to end. Orders reach the console the way staff bring them in:
 * a PreOrder at the (sandbox) gateway on terminal T-CWB-01 (store CWB), backdated there before the
 * console ever hears of it, then "Find at eftPay". The age rule itself (CLOSE_MIN_AGE_MINUTES,
 * 15 by default) is untouched: the orders really are 20 minutes old at eftPay.
 */

test.describe.configure({ mode: 'serial' });

// The server answers its health check while the demo seed may still be running; the stack's
// URLs and credentials are written once it is done.

const TID = 'T-CWB-01';
const REASON = 'Customers left without paying (E2E)';
let counter = 0;

/** An order created at eftPay 20 minutes ago that nobody paid. */
async function abandonedAtEftpay(wallet: Wallet, amountCents: number): Promise<string> {
  const { client, sandbox } = gatewayTools();
  counter += 1;
  const outTradeNo = `E2ECLOSE${Date.now().toString(36).toUpperCase()}${counter}`;
  const created = await client.preOrder({ wallet, outTradeNo, amountCents, subject: 'E2E abandoned QR', tid: TID });
  expect(created.kind).toBe('accepted');
  await sandbox.backdate(outTradeNo, new Date(Date.now() - 20 * 60_000));
  return outTradeNo;
}

/** "Find at eftPay" from the orders page; returns the console's order id. */
async function findAtEftpay(page: Page, outTradeNo: string, wallet: Wallet): Promise<string> {
  await page.goto(`/orders?q=${outTradeNo}`);
  const card = page.getByTestId('find-at-eftpay');
  await card.locator('select').selectOption(wallet);
  await card.getByRole('button', { name: 'Find at eftPay' }).click();
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/);
  return page.url().split('/').at(-1)!;
}

async function closeRequestsAtSandbox(outTradeNo: string): Promise<number> {
  const { sandbox } = gatewayTools();
  const received = await sandbox.requests({ outTradeNo, path: 'JSAPIService.do' });
  return received.filter((r) => String((r.body as Record<string, unknown>).service ?? '').endsWith('.Close')).length;
}

test('a supervisor bulk-closes four abandoned orders; the one paid meanwhile ends paid, not closed', async ({
  page,
}) => {
  const wallets: Wallet[] = ['ALIPAYHK', 'WECHATCN', 'ATOME', 'UNIONPAY'];
  const numbers: string[] = [];
  for (const [i, wallet] of wallets.entries()) numbers.push(await abandonedAtEftpay(wallet, 1_000 + i * 111));

  await signIn(page, 'supervisor@demo.local');
  const ids: string[] = [];
  for (const [i, no] of numbers.entries()) ids.push(await findAtEftpay(page, no, wallets[i]!));
  // The second customer pays after the supervisor's list was loaded (no notification reaches us).
  const paidNo = numbers[1]!;

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Unpaid orders' }).click();
  await expect(page).toHaveURL(/\/orders\/unpaid$/);
  await expect(page.getByTestId('close-threshold')).toHaveText('Threshold: 15 min');
  for (const no of numbers)
    await expect(page.locator(`[data-testid="unpaid-order-row"][data-order="${no}"]`)).toBeVisible();

  // Select all on the page, then none, then exactly ours.
  const rowCount = await page.getByTestId('unpaid-order-row').count();
  const selectAll = page.getByRole('checkbox', { name: 'Select all orders on this page' });
  await selectAll.click();
  await expect(page.getByTestId('close-selected-count')).toHaveText(
    rowCount === 1 ? '1 order selected' : `${rowCount} orders selected`,
  );
  await selectAll.click();
  await expect(page.getByTestId('close-selected-count')).toHaveText('No orders selected');
  for (const no of numbers) await page.getByRole('checkbox', { name: `Select order ${no}` }).click();
  await expect(page.getByTestId('close-selected-count')).toHaveText('4 orders selected');

  await gatewayTools().sandbox.pay(paidNo, { notify: false });

  await page.getByRole('button', { name: 'Close selected…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Close unpaid orders' });
  await expect(dialog.getByRole('heading', { name: 'Will be closed (4)' })).toBeVisible();
  for (const no of numbers) await expect(dialog.getByTestId('close-preview-closable')).toContainText(no);

  // The reason is required.
  await dialog.getByRole('button', { name: 'Close 4 orders' }).click();
  await expect(dialog.locator('[data-field-error="close-reason"]')).toHaveText(
    'Say why these orders are being closed.',
  );
  await dialog.getByLabel('Reason').fill(REASON);
  await dialog.getByRole('button', { name: 'Close 4 orders' }).click();

  const outcomes = dialog.getByTestId('close-outcome');
  await expect(outcomes).toHaveCount(4);
  for (const no of numbers) {
    const outcome = dialog.locator(`[data-testid="close-outcome"][data-order="${no}"]`);
    if (no === paidNo) {
      await expect(outcome).toHaveAttribute('data-result', 'already_paid');
      await expect(outcome).toContainText('Paid — the customer paid first; recorded as paid, not closed');
    } else {
      await expect(outcome).toHaveAttribute('data-result', 'closed');
      await expect(outcome).toContainText('Closed');
    }
  }
  await expect(dialog.getByTestId('close-summary')).toHaveText(
    '3 closed · 1 paid · 0 not closed · 0 refused · 0 unknown',
  );

  // eftPay holds the same story: three closed by our Close, the paid one never sent a Close.
  const { sandbox } = gatewayTools();
  for (const no of numbers) {
    expect((await sandbox.order(no))?.status).toBe(no === paidNo ? 'paid' : 'closed');
    expect(await closeRequestsAtSandbox(no)).toBe(no === paidNo ? 0 : 1);
  }

  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(dialog).toBeHidden();
  for (const no of numbers)
    await expect(page.locator(`[data-testid="unpaid-order-row"][data-order="${no}"]`)).toHaveCount(0);

  // The paid order's page shows it paid, with the supervisor's attempt and reason on its timeline.
  await page.goto(`/orders/${ids[1]}`);
  await expect(page.getByTestId('close-order-panel')).toHaveCount(0);
  const timeline = page.getByTestId('order-timeline');
  await expect(timeline.locator('[data-action="order.close_attempted"]')).toContainText(REASON);
  await expect(timeline.locator('[data-action="order.marked_paid"]')).toContainText('Sam Supervisor');
  await page.goto(`/orders/${ids[0]}`);
  await expect(page.getByTestId('order-timeline').locator('[data-action="order.closed"]')).toContainText(REASON);
});

test('a supervisor closes a single order from its page', async ({ page }) => {
  const no = await abandonedAtEftpay('ALIPAYCN', 2_345);
  await signIn(page, 'supervisor@demo.local');
  const id = await findAtEftpay(page, no, 'ALIPAYCN');

  const panel = page.getByTestId('close-order-panel');
  await panel.getByRole('button', { name: 'Close order…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Close unpaid orders' });
  await expect(dialog.getByRole('heading', { name: 'Will be closed (1)' })).toBeVisible();
  await dialog.getByLabel('Reason').fill('Left the queue');
  await dialog.getByRole('button', { name: 'Close 1 order' }).click();
  await expect(dialog.locator(`[data-testid="close-outcome"][data-order="${no}"]`)).toHaveAttribute(
    'data-result',
    'closed',
  );
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(page).toHaveURL(new RegExp(`/orders/${id}$`));
  await expect(page.getByTestId('close-order-panel')).toHaveCount(0);
  await expect(page.getByTestId('order-timeline').locator('[data-action="order.closed"]')).toContainText(
    'Left the queue',
  );
  expect((await gatewayTools().sandbox.order(no))?.status).toBe('closed');
});

test('a manager has no close action, and a crafted close call is refused', async ({ page }) => {
  const no = await abandonedAtEftpay('WECHATCN', 3_456);
  await signIn(page, 'manager@demo.local');
  const id = await findAtEftpay(page, no, 'WECHATCN');

  // No nav link, no panel or button on the unpaid order's page, and the page itself is a 404.
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Unpaid orders' })).toHaveCount(
    0,
  );
  await expect(page.getByTestId('close-order-panel')).toHaveCount(0);
  await expect(page.getByRole('button', { name: /close order/i })).toHaveCount(0);
  const unpaid = await page.goto('/orders/unpaid');
  expect(unpaid?.status()).toBe(404);

  // A crafted server-action POST with the manager's session: the server refuses it.
  const actionId = serverActionId('closeOrdersAction');
  const response = await page.request.post(`/orders/${id}`, {
    headers: {
      'Next-Action': actionId,
      'Content-Type': 'text/plain;charset=UTF-8',
      Accept: 'text/x-component',
      Origin: new URL(page.url()).origin,
    },
    data: JSON.stringify([{ orderIds: [id], reason: 'crafted by a manager' }]),
  });
  const body = await response.text();
  expect(body).toContain('FORBIDDEN');
  expect(body).not.toContain('"outcomes"');
  expect(await closeRequestsAtSandbox(no)).toBe(0);
  expect((await gatewayTools().sandbox.order(no))?.status).toBe('unpaid');
});

/** The id Next gave a server action in this build (server-reference-manifest.json). */
function serverActionId(exportedName: string): string {
  const distDir = process.env.NEXT_DIST_DIR || '.next';
  const manifest = JSON.parse(
    fs.readFileSync(path.join(process.cwd(), distDir, 'server', 'server-reference-manifest.json'), 'utf8'),
  ) as { node: Record<string, { exportedName?: string; filename?: string }> };
  const found = Object.entries(manifest.node).find(
    ([, entry]) => entry.exportedName === exportedName && (entry.filename ?? '').includes('lib/actions/close'),
  );
  if (!found) throw new Error(`no server action ${exportedName} in ${distDir}`);
  return found[0];
}
