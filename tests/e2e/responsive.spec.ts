import { type Browser, expect, type Page, test } from '@playwright/test';
import { type Capability, can, ROLE_CAPABILITIES } from '@/lib/auth/permissions';
import type { Role } from '@/lib/shared/actors';
import { expectFits, expectInReach, expectTappable } from './layout-check';
import { demoUser, openOrder, paidThroughEftpay, signIn } from './support';

/**
 * The console where staff use it: every console page, for every role that may open it, on a phone
 * (390×844) and a tablet (820×1180). The document is no wider than the screen, no card or cell
 * spills its text, the page's main action (marked `data-primary-action`) can be tapped — on an
 * order page without scrolling — and the navigation folds behind a Menu button that opens and works.
 */

const VIEWPORTS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'tablet', width: 820, height: 1180 },
] as const;

const STAFF: ReadonlyArray<{ role: Role; email: string }> = [
  { role: 'manager', email: 'manager@demo.local' },
  { role: 'supervisor', email: 'supervisor@demo.local' },
  { role: 'finance', email: 'finance@demo.local' },
  { role: 'admin', email: 'admin@demo.local' },
];

interface Fixtures {
  paidOrderId: string;
  unpaidOrderId: string;
  refundId: string;
  staffId: string;
}

/** Every console page, the capability that opens it, and whether its action must be on screen at once. */
const PAGES: ReadonlyArray<{ path: (f: Fixtures) => string; capability: Capability; atOnce?: boolean }> = [
  { path: () => '/orders', capability: 'orders.view' },
  { path: () => '/orders?q=DM', capability: 'orders.view' },
  { path: (f) => `/orders/${f.paidOrderId}`, capability: 'orders.view', atOnce: true },
  { path: (f) => `/orders/${f.unpaidOrderId}`, capability: 'orders.close', atOnce: true },
  { path: () => '/orders/unpaid', capability: 'orders.close' },
  { path: () => '/refunds', capability: 'refunds.history' },
  { path: () => '/approvals', capability: 'refunds.approve' },
  { path: (f) => `/refunds/${f.refundId}/slip`, capability: 'orders.view' },
  { path: () => '/audit', capability: 'audit.view' },
  { path: () => '/discrepancies', capability: 'discrepancies.resolve' },
  { path: () => '/staff', capability: 'staff.manage' },
  { path: (f) => `/staff/${f.staffId}`, capability: 'staff.manage' },
  { path: () => '/staff/new', capability: 'staff.manage' },
  { path: () => '/staff/stores', capability: 'stores.manage' },
  { path: () => '/settings/refund-policy', capability: 'refunds.policy' },
  { path: () => '/account', capability: 'account.self' },
  { path: () => '/account/password', capability: 'account.self' },
  { path: () => '/account/two-factor', capability: 'account.self' },
];

let fixtures: Fixtures;

async function desktopPage(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email);
  return page;
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  // A paid CWB order with one refund (for the slip), as a manager made it.
  const outTradeNo = await paidThroughEftpay(12_000, { prefix: 'E2ERESP', subject: 'E2E responsive' });
  const manager = await desktopPage(browser, 'manager@demo.local');
  const paidOrderId = (await openOrder(manager, outTradeNo)).split('/').pop() ?? '';
  await manager.getByTestId('refund-panel').getByRole('button', { name: 'Refund…' }).click();
  const dialog = manager.getByTestId('refund-dialog');
  await dialog.getByLabel('Amount to refund (HKD)').fill('10.00');
  await dialog.getByLabel('Reason').selectOption({ label: 'Returned goods' });
  await dialog.getByRole('button', { name: 'Continue' }).click();
  await dialog.getByRole('button', { name: 'Refund HKD 10.00' }).click();
  await expect(dialog.getByTestId('refund-outcome')).toHaveAttribute('data-status', 'succeeded');
  const slipHref = (await dialog.getByRole('link', { name: 'View refund slip' }).getAttribute('href')) ?? '';
  const refundId = slipHref.match(/\/refunds\/([0-9a-f-]{36})\/slip/)?.[1] ?? '';
  await manager.context().close();

  // An abandoned unpaid order a supervisor may close, and a staff member's page.
  const supervisor = await desktopPage(browser, 'supervisor@demo.local');
  await supervisor.goto('/orders/unpaid');
  const unpaidHref =
    (await supervisor.getByTestId('unpaid-order-row').first().getByRole('link').getAttribute('href')) ?? '';
  await supervisor.context().close();
  const admin = await desktopPage(browser, 'admin@demo.local');
  await admin.goto('/staff');
  const staffHref = (await admin.getByTestId('staff-row').first().getByRole('link').first().getAttribute('href')) ?? '';
  await admin.context().close();

  fixtures = {
    paidOrderId,
    unpaidOrderId: unpaidHref.split('/').pop() ?? '',
    refundId,
    staffId: staffHref.split('/').pop() ?? '',
  };
  for (const [name, value] of Object.entries(fixtures)) expect(value, name).toMatch(/^[0-9a-f-]{36}$/);
});

/**
 * English for every role; Traditional Chinese for the counter's manager and for the administrator,
 * who between them open every page.
 */
const RUNS = VIEWPORTS.flatMap((viewport) => [
  ...STAFF.map((staff) => ({ viewport, staff, locale: 'en' as const })),
  ...STAFF.filter((s) => s.role === 'manager' || s.role === 'admin').map((staff) => ({
    viewport,
    staff,
    locale: 'zh-HK' as const,
  })),
]);

async function signInAs(page: Page, email: string, locale: 'en' | 'zh-HK') {
  if (locale === 'en') return signIn(page, email, demoUser(email).password);
  await page.goto('/login');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-HK');
  await page.getByLabel('電郵').fill(email);
  await page.getByLabel('密碼').fill(demoUser(email).password);
  await page.getByRole('button', { name: '登入', exact: true }).click();
  await expect(page.getByTestId('signed-in-as')).toBeAttached();
}

for (const { viewport, staff, locale } of RUNS) {
  const { role, email } = staff;
  test(`${role} on a ${viewport.name} (${viewport.width}×${viewport.height}) in ${locale}: every page fits and its action can be tapped`, async ({
    browser,
  }) => {
    test.setTimeout(180_000);
    const context = await browser.newContext({
      viewport: { width: viewport.width, height: viewport.height },
      isMobile: true,
      hasTouch: true,
      locale,
    });
    const page = await context.newPage();
    await signInAs(page, email, locale);
    await expect(page.locator('html')).toHaveAttribute('lang', locale);

    // The navigation is folded; the Menu button opens it, and every entry can be tapped.
    const menu = page.locator('button[aria-controls="console-menu"]');
    await expect(menu).toHaveText(locale === 'en' ? /Menu/ : /選單/);
    await expectTappable(menu, `${role} menu button`);
    const nav = page.getByTestId('console-menu');
    await expect(nav).toBeHidden();
    await menu.click();
    await expect(menu).toHaveAttribute('aria-expanded', 'true');
    for (const control of await nav.locator('a, button').all()) await expectTappable(control, `${role} menu entry`);
    await expectFits(page, `${role} open menu`);
    await menu.click();
    await expect(nav).toBeHidden();

    const pages = PAGES.filter((p) => can(role, p.capability));
    expect(pages.length).toBeGreaterThan(0);
    for (const entry of pages) {
      const path = entry.path(fixtures);
      const where = `${role} ${viewport.name} ${locale} ${path}`;
      const response = await page.goto(path);
      expect(response?.status(), where).toBe(200);
      await expect(page.locator('main h1').first(), where).toBeVisible();
      await expectFits(page, where, { soft: true });
      const action = page.locator('[data-primary-action]:visible');
      await expect(action, `${where}: one main action`).toHaveCount(1);
      if (entry.atOnce) await expectInReach(page, action, where);
      else await expectTappable(action, where);
    }
    await context.close();
  });
}

test('the refund and close dialogs fit a phone and their buttons can be tapped', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await signIn(page, 'supervisor@demo.local');

  await page.goto(`/orders/${fixtures.paidOrderId}`);
  await page.locator('[data-refund-trigger]').click();
  const refund = page.getByTestId('refund-dialog');
  await expect(refund).toBeVisible();
  await expectFits(page, 'refund dialog');
  await refund.getByLabel('Amount to refund (HKD)').fill('1.00');
  await refund.getByLabel('Reason').selectOption({ label: 'Returned goods' });
  await expectTappable(refund.getByRole('button', { name: 'Continue' }), 'refund dialog Continue');
  await refund.getByRole('button', { name: 'Continue' }).click();
  await expectTappable(refund.getByRole('button', { name: 'Refund HKD 1.00' }), 'refund dialog confirm');
  await expectFits(page, 'refund dialog, confirm step');
  await refund.getByRole('button', { name: 'Back' }).click();
  await refund.getByRole('button', { name: 'Cancel' }).click();
  await expect(refund).toBeHidden();

  // Bulk close on a phone: the cards offer "Select all", the dialog fits, Cancel changes nothing.
  await page.goto('/orders/unpaid');
  await expectTappable(page.getByRole('checkbox', { name: 'Select all orders on this page' }), 'select all');
  await page.getByTestId('unpaid-order-row').first().getByRole('checkbox').click();
  await page.locator('[data-primary-action]:visible').click();
  const close = page.getByRole('dialog');
  await expect(close).toBeVisible();
  await expectFits(page, 'close dialog');
  for (const button of await close.getByRole('button').all()) await expectTappable(button, 'close dialog button');
  await close.getByRole('button', { name: 'Cancel' }).click();
  await expect(close).toBeHidden();
  await context.close();
});

test('the approvals queue and the refund policy fit a 360 px phone, a person’s row included', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await signIn(page, 'admin@demo.local');

  await page.goto('/approvals');
  await expect(page.getByTestId('approvals-list')).toBeVisible();
  await expectFits(page, 'approvals at 360 px');

  await page.goto('/settings/refund-policy');
  await expect(page.getByTestId('policy-threshold')).toBeVisible();
  await page.getByRole('button', { name: 'Add a person' }).click();
  const row = page.getByTestId('policy-staff-row').last();
  await expect(row.getByLabel('Staff member')).toBeFocused();
  await expectFits(page, 'refund policy at 360 px, with a new row');
  await expectTappable(row.getByRole('button', { name: /^Remove/ }), 'refund policy Remove');
  await expectTappable(page.getByTestId('policy-save'), 'refund policy Save');
  // Not saved: the policy is shared by the whole console.
  await context.close();
});

test('every role’s capabilities are covered by the pages above', () => {
  const visited = new Set(PAGES.map((p) => p.capability));
  for (const role of Object.keys(ROLE_CAPABILITIES) as Role[]) {
    expect(
      STAFF.some((s) => s.role === role),
      role,
    ).toBe(true);
  }
  for (const capability of [
    'orders.view',
    'orders.close',
    'refunds.history',
    'refunds.approve',
    'refunds.policy',
    'audit.view',
    'staff.manage',
    'stores.manage',
    'account.self',
  ] as const) {
    expect(visited.has(capability), capability).toBe(true);
  }
});
