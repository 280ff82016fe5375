import fs from 'node:fs';
import path from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import type en from '@/lib/i18n/messages/en';
import { expectNoSeriousViolations } from './axe';
import { demoUser, gatewayTools, paidThroughEftpay, unknownRefundNotified } from './support';

/**
 * Every page and dialog state of the console, held to WCAG 2.1 A/AA by axe: no serious or critical
 * violation at desktop, tablet and phone widths, in English and in Traditional Chinese. Each role
 * signs in once per width and language and walks its pages in one browser page; the refund and
 * close dialogs are checked at each of their steps, error states included.
 */

const WIDTHS = [
  { name: 'desktop', viewport: { width: 1280, height: 800 }, isMobile: false },
  { name: 'tablet', viewport: { width: 820, height: 1180 }, isMobile: true },
  { name: 'phone', viewport: { width: 390, height: 844 }, isMobile: true },
] as const;

type Messages = typeof en;

/** The console's own catalogue (lib/i18n/messages/<lang>/*.json), so labels are found as shown. */
function catalogue(lang: string): Messages {
  const dir = path.join(process.cwd(), 'lib', 'i18n', 'messages', lang);
  const files = fs.readdirSync(dir).filter((file) => file.endsWith('.json'));
  return Object.fromEntries(
    files.map((file) => [path.basename(file, '.json'), JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'))]),
  ) as Messages;
}

const LANGUAGES: ReadonlyArray<{ lang: 'en' | 'zh-HK'; browserLocale: string; m: Messages }> = [
  { lang: 'en', browserLocale: 'en-GB', m: catalogue('en') },
  { lang: 'zh-HK', browserLocale: 'zh-HK', m: catalogue('zh-HK') },
];

type Check = (state: string) => Promise<void>;

/** An axe run labelled with the width and language, after checking the page speaks that language. */
function checker(page: Page, lang: string, where: string): Check {
  return async (state) => {
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
    await expectNoSeriousViolations(page, `${state} (${where})`);
  };
}

/** Sign-in in the page's language (the browser's; none of these accounts has chosen one). */
async function signInAs(page: Page, email: string, m: Messages) {
  await page.goto('/login');
  await page.getByLabel(m.auth.email).fill(email);
  await page.getByLabel(m.auth.password).fill(demoUser(email).password);
  await page.getByRole('button', { name: m.auth.submit, exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  await expect(page.getByTestId('signed-in-as')).toBeAttached();
}

/**
 * Below the desktop breakpoint the header folds its navigation behind a menu button; where it does,
 * the page is checked again with the menu open (each role's menu holds different links).
 */
async function checkWithMenuOpen(page: Page, check: Check, state: string) {
  const toggle = page.locator('button[aria-controls="console-menu"]');
  if (!(await toggle.isVisible())) return;
  await toggle.click();
  await expect(page.getByTestId('console-menu')).toBeVisible();
  await check(`${state} with the menu open`);
  await toggle.click();
  await expect(page.getByTestId('console-menu')).toBeHidden();
}

async function signInPage(page: Page, m: Messages, check: Check) {
  await page.goto('/login');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(m.auth.title);
  await check('the sign-in page');
  await page.getByRole('button', { name: m.auth.submit, exact: true }).click();
  await expect(page.locator('[data-field-error]').first()).toBeVisible();
  await check('the sign-in page with its fields missing');
}

async function managerPages(page: Page, m: Messages, check: Check) {
  const outTradeNo = await paidThroughEftpay(10_000, { prefix: 'E2EA11Y', subject: 'E2E accessibility' });
  await signInAs(page, 'manager@demo.local', m);

  await page.goto('/orders');
  await expect(page.getByTestId('orders-table')).toBeVisible();
  await check('the orders list');
  await checkWithMenuOpen(page, check, 'the orders list');
  await expect(async () => {
    await page.goto(`/orders?q=${outTradeNo}`);
    await expect(page.getByRole('link', { name: outTradeNo })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await check('the orders list searched by an order number');

  await page.getByRole('link', { name: outTradeNo }).click();
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/);
  const panel = page.getByTestId('refund-panel');
  await expect(panel).toBeVisible();
  await check('a paid order');

  await panel.getByRole('button', { name: m.refunds.panel.button }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('refund-form')).toBeVisible();
  await check('the refund dialog, form step');
  await dialog.getByRole('button', { name: m.refunds.form.continue }).click();
  await expect(dialog.locator('[data-field-error="refund-reason"]')).toBeVisible();
  await check('the refund dialog, form step with no reason chosen');
  await dialog.getByLabel(m.refunds.form.amount).fill('12.30');
  await dialog.getByLabel(m.refunds.form.reason).selectOption({ index: 1 });
  await dialog.getByRole('button', { name: m.refunds.form.continue }).click();
  const confirm = dialog.getByTestId('refund-confirm');
  await expect(confirm).toBeVisible();
  await check('the refund dialog, confirm step');
  await confirm.getByRole('button').last().click();
  const outcome = dialog.getByTestId('refund-outcome');
  await expect(outcome).toBeVisible();
  await check(`the refund dialog, outcome (${await outcome.getAttribute('data-status')})`);
  const slipHref = await outcome.getByRole('link').getAttribute('href');
  await dialog.getByRole('button', { name: m.refunds.outcome.done }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('order-refunds').getByRole('link')).not.toHaveCount(0);
  await check('a partly refunded order');

  await page.goto(slipHref!);
  await expect(page.getByTestId('refund-slip')).toBeVisible();
  await check('a refund slip');

  for (const path of ['/account', '/account/password', '/account/two-factor']) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await check(path);
  }
}

async function supervisorPages(page: Page, m: Messages, check: Check) {
  // An abandoned QR order at eftPay (20 minutes old there), brought in by "Find at eftPay".
  const { client, sandbox } = gatewayTools();
  const outTradeNo = `E2EA11YCLOSE${Date.now().toString(36).toUpperCase()}`;
  const created = await client.preOrder({
    wallet: 'ALIPAYHK',
    outTradeNo,
    amountCents: 1_234,
    subject: 'E2E accessibility',
    tid: 'T-CWB-01',
  });
  expect(created.kind).toBe('accepted');
  await sandbox.backdate(outTradeNo, new Date(Date.now() - 20 * 60_000));
  await signInAs(page, 'supervisor@demo.local', m);

  await page.goto(`/orders?q=${outTradeNo}`);
  const find = page.getByTestId('find-at-eftpay');
  await expect(find).toBeVisible();
  await check('the orders list with no match, offering Find at eftPay');
  await checkWithMenuOpen(page, check, 'the orders list with no match');
  await find.locator('select').selectOption('ALIPAYHK');
  await find.getByRole('button').click();
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('close-order-panel')).toBeVisible();
  await check('an unpaid order');

  await page.goto('/orders/unpaid');
  const row = page.locator(`[data-testid="unpaid-order-row"][data-order="${outTradeNo}"]`);
  await expect(row).toBeVisible();
  await check('the unpaid orders');
  await row.getByRole('checkbox').click();
  await page.getByRole('button', { name: m.close.closeSelected }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('close-preview-closable')).toContainText(outTradeNo);
  await check('the close dialog, preview');
  const submit = dialog.locator('button[type="submit"]');
  await submit.click();
  await expect(dialog.locator('[data-field-error="close-reason"]')).toBeVisible();
  await check('the close dialog with no reason given');
  await dialog.getByLabel(m.close.dialog.reason).fill('Customer left without paying (accessibility check)');
  await submit.click();
  await expect(dialog.getByTestId('close-outcome')).toBeVisible();
  await check('the close dialog, outcome');
  await dialog.getByRole('button', { name: m.close.dialog.done }).click();
  await expect(dialog).toBeHidden();

  await page.goto('/approvals');
  await expect(page.getByTestId('approvals-list')).toBeVisible();
  await check('the approval queue');
}

async function financePages(page: Page, m: Messages, check: Check) {
  await signInAs(page, 'finance@demo.local', m);
  await page.goto('/refunds');
  await expect(page.getByTestId('refunds-export')).toBeVisible();
  await expect(page.getByTestId('refund-daily-chart')).toBeVisible();
  await check('the refund history');
  await checkWithMenuOpen(page, check, 'the refund history');
  await page.goto('/refunds?min=1000');
  await expect(page.getByTestId('totals-need-dates')).toBeVisible();
  await check('the refund history of an amount range without dates');
  await page.goto('/audit');
  await expect(page.getByTestId('audit-export')).toBeVisible();
  await check('the audit log');
  const outTradeNo = await paidThroughEftpay(1_500, { prefix: 'A11Y' });
  await unknownRefundNotified(page.request, outTradeNo, '15.00');
  await page.goto('/discrepancies');
  const open = page.getByTestId('discrepancies-open').getByTestId('discrepancy-row').first();
  await expect(open).toBeVisible();
  await check('the discrepancies with eftPay');
  await open.locator('button[type="submit"]').click();
  await expect(open.locator('[data-field-error]')).toBeVisible();
  await check('a discrepancy resolved without a note');
}

async function adminPages(page: Page, m: Messages, check: Check) {
  await signInAs(page, 'admin@demo.local', m);
  await page.goto('/staff');
  const member = page.getByRole('link', { name: 'Mandy Manager' });
  await expect(member).toBeVisible();
  await check('the staff list');
  await checkWithMenuOpen(page, check, 'the staff list');
  await member.click();
  await expect(page.getByTestId('staff-name')).toHaveText('Mandy Manager');
  await check('a staff member');

  await page.goto('/staff/new');
  const create = page.getByRole('button', { name: m.staff.create.submit });
  await expect(create).toBeVisible();
  await check('the new staff form');
  await create.click();
  await expect(page.locator('[data-field-error]').first()).toBeVisible();
  await check('the new staff form with its fields missing');

  await page.goto('/staff/stores');
  await expect(page.getByTestId('stores-table')).toBeVisible();
  await check('stores and terminals');

  await page.goto('/approvals');
  await expect(page.getByTestId('approvals-list')).toBeVisible();
  await check('the approval queue of every store');

  // The refund policy is shared by the whole console: these checks never save it.
  await page.goto('/settings/refund-policy');
  await expect(page.getByTestId('policy-threshold')).toBeVisible();
  await check('the refund policy');
  await page.getByRole('button', { name: m.refunds.policy.addStaff }).click();
  await page.getByTestId('policy-threshold').fill('12.345');
  await page.getByTestId('policy-save').click();
  await expect(page.locator('[data-field-error="policy-threshold"]')).toBeVisible();
  await expect(page.locator('[data-field-error="policy-staff-0-member"]')).toBeVisible();
  await check('the refund policy with a new person row and its fields not valid');
}

const ROLES = [
  ['the sign-in page', signInPage],
  ['a manager: orders, a paid order and its refund dialog, the slip, the account pages', managerPages],
  ['a supervisor: Find at eftPay, an unpaid order, unpaid orders, the close dialog, approvals', supervisorPages],
  ['finance: refund history, the audit log and the discrepancies with eftPay', financePages],
  ['an admin: staff, a staff member, new staff, stores and terminals, approvals, the refund policy', adminPages],
] as const;

for (const width of WIDTHS) {
  for (const { lang, browserLocale, m } of LANGUAGES) {
    const where = `${width.name} ${width.viewport.width}×${width.viewport.height}, ${lang}`;
    test.describe(`accessibility, ${where}`, () => {
      // Up to twenty axe runs a test, each a second or more on a busy 2-core machine.
      test.describe.configure({ timeout: 180_000 });
      test.use({
        viewport: width.viewport,
        isMobile: width.isMobile,
        hasTouch: width.isMobile,
        locale: browserLocale,
      });
      for (const [title, walk] of ROLES) {
        test(title, async ({ page }) => {
          await walk(page, m, checker(page, lang, where));
        });
      }
    });
  }
}
