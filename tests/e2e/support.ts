import fs from 'node:fs';
import path from 'node:path';
import { type APIRequestContext, expect, type Locator, type Page } from '@playwright/test';
import { createEftpayClient } from '@/lib/eftpay/client';
import { createSandboxControl } from '@/lib/eftpay/sandbox/control';
import { signParams } from '@/lib/eftpay/sign';
import type { Wallet } from '@/lib/shared/wallets';
import { DEMO_USERS } from '@/scripts/demo/accounts';

export type DemoEmail = (typeof DEMO_USERS)[number]['email'];

export function demoUser(email: string) {
  const user = DEMO_USERS.find((u) => u.email === email);
  if (!user) throw new Error(`no demo user ${email}`);
  return user;
}

export async function signIn(page: Page, email: string, password = demoUser(email).password) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // On a phone or tablet the name sits in the folded menu: present, not necessarily on screen.
  await expect(page.getByTestId('signed-in-as')).toBeAttached();
}

export async function signOut(page: Page) {
  // On a phone or tablet Sign out sits in the folded menu.
  const menu = page.getByRole('button', { name: 'Menu', exact: true });
  if (await menu.isVisible()) await menu.click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
}

/** What scripts/e2e-server.ts wrote: the console and sandbox URLs and the sandbox's credentials. */
export function stackInfo(): { url: string; sandboxUrl: string; secretCode: string; userConfirmKey: string } {
  const port = process.env.E2E_PORT ?? '3100';
  return JSON.parse(fs.readFileSync(path.join(process.cwd(), '.data', `e2e-${port}`, 'stack.json'), 'utf8'));
}

/** The sandbox gateway as a merchant's till would use it, and its control API. */
export function gatewayTools() {
  const stack = stackInfo();
  const client = createEftpayClient({
    baseUrl: stack.sandboxUrl,
    userConfirmKey: stack.userConfirmKey,
    secretCode: stack.secretCode,
  });
  return { stack, client, sandbox: createSandboxControl(stack.sandboxUrl) };
}

/** How many refund requests for this order reached the (sandbox) gateway. */
export async function refundRequestsAtSandbox(outTradeNo: string): Promise<number> {
  const { sandbox } = gatewayTools();
  return (await sandbox.requests({ outTradeNo, path: 'AppTradeRefund.do' })).length;
}

/**
 * A protected action (refund, approve, close, staff or policy change) may ask "Confirm it is you"
 * first: answers with `proof` (a code or the password) when it does; `done` is what the page shows
 * once the action has run.
 */
export async function confirmIfAsked(page: Page, done: Locator, proof: string | (() => Promise<string>)) {
  const dialog = page.getByTestId('step-up-dialog');
  await expect(done.or(dialog)).toBeVisible();
  if (await dialog.isVisible()) await confirmItIsYou(page, typeof proof === 'string' ? proof : await proof());
  await expect(done).toBeVisible();
}

/** Answers the step-up dialog, which must be open. */
export async function confirmItIsYou(page: Page, proof: string) {
  const dialog = page.getByTestId('step-up-dialog');
  await expect(dialog).toBeVisible();
  await dialog.locator('#step-up-proof').fill(proof);
  await dialog.getByRole('button', { name: 'Confirm' }).click();
  await expect(dialog).toBeHidden();
}

let made = 0;

/**
 * An order paid through eftPay, as it reaches the console: a PreOrder at the (sandbox) gateway on
 * terminal `tid` (default T-CWB-01, store CWB), the customer pays, eftPay POSTs its signed notification.
 */
export async function paidThroughEftpay(
  amountCents: number,
  {
    prefix = 'E2E',
    tid = 'T-CWB-01',
    wallet = 'ALIPAYHK',
    subject = 'E2E order',
  }: { prefix?: string; tid?: string; wallet?: Wallet; subject?: string } = {},
): Promise<string> {
  const { stack, client, sandbox } = gatewayTools();
  made += 1;
  const outTradeNo = `${prefix}${Date.now().toString(36).toUpperCase()}${made}`;
  const created = await client.preOrder({
    wallet,
    outTradeNo,
    amountCents,
    subject,
    tid,
    notifyUrl: `${stack.url}/api/eftpay/notify`,
  });
  expect(created.kind).toBe('accepted');
  await sandbox.pay(outTradeNo);
  return outTradeNo;
}

/** Finds the order by its number once its notification has been stored, and opens it. */
export async function openOrder(page: Page, outTradeNo: string): Promise<string> {
  await expect(async () => {
    await page.goto(`/orders?q=${outTradeNo}`);
    await expect(page.getByRole('link', { name: outTradeNo })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await page.getByRole('link', { name: outTradeNo }).click();
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/);
  return page.url();
}

/**
 * eftPay's signed notification of a refund the console never made, for a paid order: it reaches
 * finance as a discrepancy (docs/adr/0011). Returns the refund number it named.
 */
export async function unknownRefundNotified(request: APIRequestContext, outTradeNo: string, amount: string) {
  const { stack } = gatewayTools();
  made += 1;
  const refundNo = `RX${Date.now().toString(36).toUpperCase()}${made}`;
  await expect(async () => {
    const reply = await request.post(`${stack.url}/api/eftpay/notify`, {
      data: signParams(
        {
          trade_type: 'REFUND',
          trade_status: 'REFUND_SUCCESS',
          time: '20260101120000',
          out_trade_no: outTradeNo,
          refund_no: refundNo,
          return_amount: amount,
        },
        stack.secretCode,
      ),
    });
    expect(await reply.text()).toContain('success');
  }).toPass({ timeout: 30_000 });
  return refundNo;
}

/** The createRefundAction id, from the build's server reference manifest (to call the action directly). */
export function refundActionId(): string {
  const dist = process.env.NEXT_DIST_DIR || '.next';
  const file = path.join(process.cwd(), dist, 'server', 'server-reference-manifest.json');
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    node: Record<string, { exportedName?: string; filename?: string }>;
  };
  const entry = Object.entries(manifest.node).find(
    ([, value]) => value.exportedName === 'createRefundAction' && value.filename === 'lib/actions/refunds.ts',
  );
  if (!entry) throw new Error('createRefundAction is not in the server reference manifest');
  return entry[0];
}
