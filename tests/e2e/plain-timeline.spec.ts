import { expect, type Locator, type Page, test } from '@playwright/test';
import type { Wallet } from '@/lib/shared/wallets';
import { gatewayTools, signIn, signOut } from './support';

/**
 * The order timeline and the audit log speak plain words, for orders in every state: paid, partly
 * refunded, fully refunded, unpaid, closed, found paid when closing, and a refund eftPay's answer
 * to which was lost (settled later by the automatic check). Orders reach the console through the
 * sandbox gateway on terminal T-CWB-01 (store CWB), as in the refunds and close specs.
 *
 * What staff read never shows a camelCase key, a raw eftPay status (those may sit in a details
 * element) or a record's UUID.
 */

test.describe.configure({ mode: 'serial' });

const TID = 'T-CWB-01';
const CLOSE_REASON = 'Customer walked away (E2E)';
/** Brand names written in camelCase; nothing else may be. */
const BRANDS = new Set(['eftPay', 'WeChat', 'AlipayHK', 'PayMe']);
const CAMEL_CASE = /\b[a-z]+[A-Z][a-zA-Z]*\b/g;
const RAW_GATEWAY_STATUS = /TRADE_[A-Z]+|APPLY_SUCCESS|REJECTED_/;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

let counter = 0;
const orderUrls: Record<string, string> = {};
const orderNos: Record<string, string> = {};

/** A QR order at eftPay; `paid`: the customer pays and eftPay notifies the console. */
async function atEftpay(kind: string, wallet: Wallet, amountCents: number, paid: boolean, ageMinutes = 0) {
  const { stack, client, sandbox } = gatewayTools();
  counter += 1;
  const outTradeNo = `E2EPLAIN${Date.now().toString(36).toUpperCase()}${counter}`;
  const created = await client.preOrder({
    wallet,
    outTradeNo,
    amountCents,
    subject: 'E2E plain timeline',
    tid: TID,
    notifyUrl: `${stack.url}/api/eftpay/notify`,
  });
  expect(created.kind).toBe('accepted');
  if (ageMinutes > 0) await sandbox.backdate(outTradeNo, new Date(Date.now() - ageMinutes * 60_000));
  if (paid) await sandbox.pay(outTradeNo);
  orderNos[kind] = outTradeNo;
  return outTradeNo;
}

/** Opens a notified order once the notification is stored. */
async function openNotified(page: Page, kind: string) {
  const outTradeNo = orderNos[kind]!;
  await expect(async () => {
    await page.goto(`/orders?q=${outTradeNo}`);
    await expect(page.getByRole('link', { name: outTradeNo })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await page.getByRole('link', { name: outTradeNo }).click();
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/);
  orderUrls[kind] = page.url();
}

/** "Find at eftPay" for an order the console has not heard of. */
async function findAtEftpay(page: Page, kind: string, wallet: Wallet) {
  await page.goto(`/orders?q=${orderNos[kind]}`);
  const card = page.getByTestId('find-at-eftpay');
  await card.locator('select').selectOption(wallet);
  await card.getByRole('button', { name: 'Find at eftPay' }).click();
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/);
  orderUrls[kind] = page.url();
}

async function refund(page: Page, amount: string | null, reason: string, expected: string) {
  await page.getByTestId('refund-panel').getByRole('button', { name: 'Refund…' }).click();
  const dialog = page.getByRole('dialog');
  if (amount) await dialog.getByLabel('Amount to refund (HKD)').fill(amount);
  const shown = await dialog.getByLabel('Amount to refund (HKD)').inputValue();
  await dialog.getByLabel('Reason').selectOption({ label: reason });
  await dialog.getByRole('button', { name: 'Continue' }).click();
  await dialog.getByRole('button', { name: `Refund HKD ${shown}` }).click();
  await expect(dialog.getByTestId('refund-outcome')).toHaveAttribute('data-status', expected);
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(dialog).toBeHidden();
}

async function closeFromPage(page: Page, kind: string, result: 'closed' | 'already_paid') {
  await page.getByTestId('close-order-panel').getByRole('button', { name: 'Close order…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Close unpaid orders' });
  await expect(dialog.getByRole('heading', { name: 'Will be closed (1)' })).toBeVisible();
  await dialog.getByLabel('Reason').fill(CLOSE_REASON);
  await dialog.getByRole('button', { name: 'Close 1 order' }).click();
  await expect(dialog.locator(`[data-testid="close-outcome"][data-order="${orderNos[kind]}"]`)).toHaveAttribute(
    'data-result',
    result,
  );
  await dialog.getByRole('button', { name: 'Done' }).click();
}

/**
 * The words a reader sees: with every details element closed (`main`), and with all of them open
 * (`everything`). innerText follows the layout, so separate elements never run into one word.
 */
async function shownText(locator: Locator): Promise<{ main: string; everything: string }> {
  return locator.evaluate((element) => {
    const details = [...element.querySelectorAll('details')];
    for (const d of details) d.open = false;
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered words are the point
    const main = (element as HTMLElement).innerText;
    for (const d of details) d.open = true;
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered words are the point
    const everything = (element as HTMLElement).innerText;
    for (const d of details) d.open = false;
    return { main, everything };
  });
}

async function expectPlainWords(locator: Locator, where: string) {
  // Shown, not only in the document: a streamed page holds its content in a hidden element until
  // it is revealed, and hidden elements' innerText runs their cells into one word.
  await expect(locator).toBeVisible();
  const { main, everything } = await shownText(locator);
  expect(main.trim().length, where).toBeGreaterThan(0);
  const camel = (everything.match(CAMEL_CASE) ?? []).filter((word) => !BRANDS.has(word));
  expect(camel, `${where}: camelCase words`).toEqual([]);
  expect(main, `${where}: raw eftPay status in the main text`).not.toMatch(RAW_GATEWAY_STATUS);
  expect(main, `${where}: a UUID in the main text`).not.toMatch(UUID);
  return main;
}

test('orders in every state, made through eftPay', async ({ page }) => {
  test.setTimeout(240_000);
  const { sandbox } = gatewayTools();
  await atEftpay('paid', 'ALIPAYHK', 2_630, true);
  await atEftpay('partly', 'ALIPAYHK', 10_000, true);
  await atEftpay('full', 'ALIPAYHK', 5_000, true);
  await atEftpay('fault', 'ALIPAYHK', 3_000, true);
  await atEftpay('unpaid', 'WECHATCN', 1_234, false);
  await atEftpay('closed', 'ALIPAYCN', 2_345, false, 20);
  await atEftpay('foundPaid', 'ALIPAYHK', 2_630, false, 20);

  await signIn(page, 'manager@demo.local');
  await openNotified(page, 'paid');
  await openNotified(page, 'partly');
  await refund(page, '40.00', 'Returned goods', 'succeeded');
  await openNotified(page, 'full');
  await refund(page, null, 'Customer request', 'succeeded');
  // eftPay refunds, but its answer is lost on the way back: the refund is unknown until asked.
  await sandbox.fault({ match: { outTradeNo: orderNos.fault, path: 'AppTradeRefund.do' }, fault: 'http-500' });
  await openNotified(page, 'fault');
  await refund(page, '30.00', 'Duplicate payment', 'unknown');
  await findAtEftpay(page, 'unpaid', 'WECHATCN');
  await signOut(page);

  await signIn(page, 'supervisor@demo.local');
  await findAtEftpay(page, 'closed', 'ALIPAYCN');
  await closeFromPage(page, 'closed', 'closed');
  await findAtEftpay(page, 'foundPaid', 'ALIPAYHK');
  // The customer pays after the supervisor opened the order; no notification reaches the console.
  await sandbox.pay(orderNos.foundPaid!, { notify: false });
  await closeFromPage(page, 'foundPaid', 'already_paid');

  // The automatic check settles the refund whose answer was lost.
  await expect(async () => {
    await page.goto(orderUrls.fault!);
    await expect(page.getByTestId('order-timeline').locator('[data-action="refund.reconciled"]')).toHaveCount(1, {
      timeout: 1_000,
    });
  }).toPass({ timeout: 90_000 });
});

test('each order page tells its story in plain words, and shows only what is true for its state', async ({ page }) => {
  await signIn(page, 'admin@demo.local');
  const expectations: Record<string, { says: string[]; amounts: string[]; absent: string[] }> = {
    paid: {
      says: ['eftPay reported that the customer paid HKD 26.30 with AlipayHK'],
      amounts: ['Paid amountHKD 26.30', 'RefundableHKD 26.30'],
      absent: ['Refunded', 'Refunds in flight', 'Order amount'],
    },
    partly: {
      says: [
        'Mandy Manager asked eftPay to refund HKD 40.00 (Returned goods)',
        'eftPay confirmed the refund of HKD 40.00',
      ],
      amounts: ['Paid amountHKD 100.00', 'RefundedHKD 40.00', 'RefundableHKD 60.00'],
      absent: ['Refunds in flight'],
    },
    full: {
      says: ['eftPay confirmed the refund of HKD 50.00'],
      amounts: ['Paid amountHKD 50.00', 'RefundedHKD 50.00'],
      absent: ['Refundable', 'Refunds in flight'],
    },
    fault: {
      says: [
        'No answer from eftPay about the refund of HKD 30.00 — checking',
        'The automatic check found the refund of HKD 30.00 completed at eftPay',
      ],
      amounts: ['Paid amountHKD 30.00', 'RefundedHKD 30.00'],
      absent: ['Refunds in flight'],
    },
    unpaid: {
      says: ['Mandy Manager found the order at eftPay — eftPay reports it not paid yet'],
      amounts: ['Order amountHKD 12.34'],
      absent: ['Paid amount', 'Refunded', 'Refundable'],
    },
    closed: {
      says: [
        'Sam Supervisor asked eftPay to close the order',
        'eftPay confirmed the order is closed, as Sam Supervisor asked',
      ],
      amounts: ['Order amountHKD 23.45'],
      absent: ['Paid amount', 'Refunded', 'Refundable'],
    },
    foundPaid: {
      says: ['when Sam Supervisor tried to close the order — it stays paid, not closed'],
      amounts: ['Paid amountHKD 26.30', 'RefundableHKD 26.30'],
      absent: ['Order amount'],
    },
  };
  for (const [kind, expected] of Object.entries(expectations)) {
    await page.goto(orderUrls[kind]!);
    const timeline = page.getByTestId('order-timeline');
    const main = await expectPlainWords(timeline, `${kind} timeline`);
    for (const sentence of expected.says) expect(main, kind).toContain(sentence);
    if (kind === 'closed' || kind === 'foundPaid') expect(main, kind).toContain(`Reason: ${CLOSE_REASON}`);

    const amounts = page.getByTestId('order-amounts');
    for (const text of expected.amounts) await expect(amounts, kind).toContainText(text);
    for (const text of expected.absent) await expect(amounts, kind).not.toContainText(text);
    // A paid time only on an order that was paid.
    const paidRow = page.getByTestId('order-fields').locator('dt', { hasText: /^Paid$/ });
    await expect(paidRow, kind).toHaveCount(['unpaid', 'closed'].includes(kind) ? 0 : 1);
  }
  // eftPay's words for a full refund are a detail, not the sentence.
  await page.goto(orderUrls.full!);
  const fullRefund = page.getByTestId('order-timeline').locator('[data-action="refund.answered"]');
  await expect(fullRefund.getByTestId('timeline-sentence')).toHaveText('eftPay confirmed the refund of HKD 50.00');
  await fullRefund.locator('summary').click();
  await expect(fullRefund.getByTestId('audit-details')).toContainText('TRADE_CLOSED');
});

test('the audit log reads as sentences, naming each record by its number', async ({ page }) => {
  await signIn(page, 'admin@demo.local');
  await page.goto('/audit');
  await expectPlainWords(page.getByTestId('audit-table'), 'audit log');

  // A refund's row names the refund and links to its order by number.
  await page.goto(`/audit?action=refund.reconciled`);
  const settled = page.getByTestId('audit-row').filter({ hasText: orderNos.fault! }).first();
  await expect(settled.getByTestId('audit-sentence')).toContainText(
    'The automatic check found the refund of HKD 30.00 completed at eftPay',
  );
  await expect(settled.getByTestId('audit-reference')).toContainText(/Refund \S+/);
  await expect(settled.getByRole('link', { name: orderNos.fault! })).toHaveAttribute(
    'href',
    orderUrls.fault!.replace(/^https?:\/\/[^/]+/, ''),
  );
  await expect(settled).toContainText('Automatic check');
  await expectPlainWords(page.getByTestId('audit-table'), 'audit log: refunds settled by the automatic check');

  // The filter offers event types by their names; the code is only the value.
  const labels = await page.getByLabel('Event', { exact: true }).locator('option').allInnerTexts();
  expect(labels).toContain('Refund settled by the automatic check');
  expect(labels.filter((label) => /^[a-z_]+\.[a-z_]+$/.test(label.trim()))).toEqual([]);
});
