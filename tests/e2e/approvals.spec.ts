import { type Browser, expect, type Page, test } from '@playwright/test';
import { CHOSEN_PASSWORD, codeAt, createStaffMember, enrol, signInFirstTime } from './staff-helpers';
import {
  confirmIfAsked,
  confirmItIsYou,
  openOrder,
  paidThroughEftpay,
  refundRequestsAtSandbox,
  signIn,
} from './support';

/**
 * Refund controls, end to end (docs/adr/0014): an administrator sets an approval threshold of
 * HKD 500, a daily limit for one counter manager and "confirm it is you before every protected
 * action"; the manager's HKD 600 refund waits for a second person and nothing reaches eftPay; a
 * supervisor (two-step sign-in) approves after confirming with a code from the app, and exactly one
 * refund reaches the sandbox; a second request is rejected with a reason and its amount is free
 * again; at the daily limit the manager is told the limit.
 *
 * The people are made for the purpose, so the demo logins other specs use are untouched; the policy
 * is shared by the whole console, so it is put back to the default (no threshold, no limits,
 * 5 minutes) at the end, whatever happens.
 */

test.describe.configure({ mode: 'serial' });

const stamp = Date.now().toString(36);
const counter = { name: `Tony Counter ${stamp}`, email: `e2e.counter.${stamp}@demo.local` };
const approver = { name: `Sue Approver ${stamp}`, email: `e2e.approver.${stamp}@demo.local` };
const ADMIN_PASSWORD = 'demo-admin-pass';

interface Policy {
  threshold: string;
  stepUpMinutes: string;
  /** A daily limit for one person (their name), or none. */
  staffPerDay?: { name: string; perDay: string };
}

/** The administrator sets the refund policy on its page, confirming it is them if asked. */
async function setPolicy(admin: Page, policy: Policy) {
  await admin.goto('/settings/refund-policy');
  await admin.getByTestId('policy-threshold').fill(policy.threshold);
  await admin.getByTestId('policy-step-up-minutes').fill(policy.stepUpMinutes);
  await setStaffOverride(admin, policy.staffPerDay);
  await admin.getByTestId('policy-save').click();
  await confirmIfAsked(admin, admin.getByTestId('policy-saved'), ADMIN_PASSWORD);
}

/** Replaces the per-person rows with at most one: `who`'s daily limit. */
async function setStaffOverride(admin: Page, who: Policy['staffPerDay']) {
  const rows = admin.getByTestId('policy-staff-row');
  while ((await rows.count()) > 0)
    await rows
      .first()
      .getByRole('button', { name: /^Remove/ })
      .click();
  if (!who) return;
  await admin.getByRole('button', { name: 'Add a person' }).click();
  const row = rows.first();
  await row.getByLabel('Staff member').selectOption({ label: who.name });
  await row.getByLabel('Most per day (HKD)').fill(who.perDay);
}

async function newPage(browser: Browser): Promise<Page> {
  return (await browser.newContext()).newPage();
}

/** The refund dialog on the order page, up to the confirmation; `refund` sends it. */
async function requestRefund(page: Page, outTradeNo: string, amount: string) {
  await page.getByTestId('refund-panel').getByRole('button', { name: 'Refund…' }).click();
  const dialog = page.getByRole('dialog', { name: `Refund order ${outTradeNo}` });
  await dialog.getByLabel('Amount to refund (HKD)').fill(amount);
  await dialog.getByLabel('Reason').selectOption({ label: 'Returned goods' });
  await dialog.getByRole('button', { name: 'Continue' }).click();
  await dialog.getByRole('button', { name: `Refund HKD ${amount}` }).click();
  return dialog;
}

test.afterAll(async ({ browser }) => {
  const admin = await newPage(browser);
  await signIn(admin, 'admin@demo.local');
  await setPolicy(admin, { threshold: '', stepUpMinutes: '5' });
  await admin.context().close();
});

test('four eyes above HKD 500, a code before approving, a rejection that frees the amount, a daily limit', async ({
  browser,
  page: admin,
}) => {
  test.setTimeout(240_000);
  await signIn(admin, 'admin@demo.local');
  const counterOneTime = await createStaffMember(admin, {
    ...counter,
    role: 'Store manager',
    stores: ['Causeway Bay'],
  });
  const approverOneTime = await createStaffMember(admin, { ...approver, role: 'Supervisor', stores: ['Causeway Bay'] });

  // The supervisor signs in for the first time and turns on two-step sign-in.
  const supervisor = await signInFirstTime(browser, approver.email, approverOneTime);
  const { secret } = await enrol(supervisor);

  // The policy: above HKD 500 a second person approves; Tony may refund HKD 1,200 a day; every
  // protected action asks again.
  await setPolicy(admin, {
    threshold: '500.00',
    stepUpMinutes: '0',
    staffPerDay: { name: counter.name, perDay: '1200.00' },
  });

  // Tony asks to refund HKD 600 of a HKD 1,000 order: it waits for approval, nothing at eftPay.
  const manager = await signInFirstTime(browser, counter.email, counterOneTime);
  const first = await paidThroughEftpay(100_000, { prefix: 'E2EAPR', subject: 'E2E approval' });
  await openOrder(manager, first);
  const dialog = await requestRefund(manager, first, '600.00');
  await confirmItIsYou(manager, CHOSEN_PASSWORD);
  await expect(dialog.getByTestId('refund-outcome')).toHaveAttribute('data-status', 'pending_approval');
  await dialog.getByRole('button', { name: 'Done' }).click();
  expect(await refundRequestsAtSandbox(first)).toBe(0);
  // The order shows who is refunding now, and the amount is held: to Tony, and by name to anyone else.
  await expect(manager.getByTestId('refunding-now')).toContainText('You requested HKD 600.00 · waiting for approval');
  await expect(manager.getByTestId('refund-panel')).toContainText('HKD 400.00 of HKD 1,000.00 can still be refunded.');
  await openOrder(supervisor, first);
  await expect(supervisor.getByTestId('refunding-now')).toContainText(
    `${counter.name} requested HKD 600.00 · waiting for approval`,
  );

  // The supervisor sees it in the queue (with the count in the navigation) and approves after a code.
  await supervisor.goto('/approvals');
  const request = supervisor.getByTestId('approval-row').filter({ hasText: first });
  await expect(request).toContainText('HKD 600.00');
  await expect(request).toContainText(counter.name);
  await expect(request).toContainText('Returned goods');
  await expect(supervisor.getByRole('link', { name: /^Approvals, \d+ waiting$/ }).first()).toBeAttached();
  await request.getByTestId('approve-request').click();
  await confirmItIsYou(supervisor, await codeAt(secret, 1));
  await expect(supervisor.getByTestId('approval-row').filter({ hasText: first })).toHaveCount(0);
  await expect.poll(() => refundRequestsAtSandbox(first)).toBe(1);
  // Approving again (a second tab, a double click) cannot send another: the queue no longer has it.
  expect(await refundRequestsAtSandbox(first)).toBe(1);

  // The order now shows the refund done, approved by the supervisor.
  await openOrder(manager, first);
  await expect(manager.getByTestId('refund-panel')).toContainText('HKD 400.00 of HKD 1,000.00 can still be refunded.');
  await expect(manager.getByTestId('order-refunds')).toContainText('Succeeded');

  // A second request, HKD 550 of another order, is rejected with a reason: the amount is free again.
  const second = await paidThroughEftpay(100_000, { prefix: 'E2EREJ', subject: 'E2E rejection' });
  await openOrder(manager, second);
  const again = await requestRefund(manager, second, '550.00');
  await confirmItIsYou(manager, CHOSEN_PASSWORD);
  await expect(again.getByTestId('refund-outcome')).toHaveAttribute('data-status', 'pending_approval');
  await again.getByRole('button', { name: 'Done' }).click();
  await expect(manager.getByTestId('refund-panel')).toContainText('HKD 450.00 of HKD 1,000.00 can still be refunded.');

  await supervisor.goto('/approvals');
  const toReject = supervisor.getByTestId('approval-row').filter({ hasText: second });
  await toReject.getByTestId('reject-request').click();
  await supervisor.getByTestId('confirm-reject').click();
  await expect(supervisor.getByText('Say why the request is rejected.')).toBeVisible();
  await supervisor.getByTestId('reject-reason').fill('Goods not returned to the counter');
  await supervisor.getByTestId('confirm-reject').click();
  await expect(supervisor.getByTestId('approval-row').filter({ hasText: second })).toHaveCount(0);
  expect(await refundRequestsAtSandbox(second)).toBe(0);

  await manager.reload();
  await expect(manager.getByTestId('refund-panel')).toContainText(
    'HKD 1,000.00 of HKD 1,000.00 can still be refunded.',
  );
  await expect(manager.getByTestId('refunding-now')).toHaveCount(0);

  // Tony has refunded HKD 600 today (the rejected request does not count): HKD 650 more is refused,
  // naming the limit, and nothing is held.
  const refused = await requestRefund(manager, second, '650.00');
  await confirmItIsYou(manager, CHOSEN_PASSWORD);
  await expect(refused.getByText('Your daily refund limit is HKD 1,200.00; HKD 600.00 is left today')).toBeVisible();
  expect(await refundRequestsAtSandbox(second)).toBe(0);

  await manager.context().close();
  await supervisor.context().close();
});
