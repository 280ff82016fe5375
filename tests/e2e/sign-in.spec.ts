import { expect, test } from '@playwright/test';
import { signIn, signOut } from './support';

/** Approvals carries the number of requests waiting, when there are any: "Approvals 3". */
const APPROVALS = /^Approvals( \d+)?$/;

const NAV_BY_ROLE: Record<string, Array<string | RegExp>> = {
  'manager@demo.local': ['Orders', 'Refunds'],
  'supervisor@demo.local': ['Orders', 'Unpaid orders', 'Refunds', APPROVALS],
  'finance@demo.local': ['Orders', 'Refunds', 'Audit log', 'Discrepancies'],
  'admin@demo.local': [
    'Orders',
    'Unpaid orders',
    'Refunds',
    APPROVALS,
    'Audit log',
    'Discrepancies',
    'Staff',
    'Refund policy',
  ],
};

test.describe('signing in', () => {
  for (const [email, nav] of Object.entries(NAV_BY_ROLE)) {
    test(`${email} signs in and sees only the navigation of their role`, async ({ page }) => {
      await signIn(page, email);
      const links = page.getByRole('navigation', { name: 'Main' }).getByRole('link');
      await expect(links).toHaveText(nav);
      await signOut(page);
    });
  }

  test('a wrong password gets one clear message that reveals nothing else', async ({ page }) => {
    await page.goto('/login');
    await page.getByLabel('Email').fill('manager@demo.local');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const message = page.getByTestId('sign-in-error');
    await expect(message).toHaveText(
      'Email or password is incorrect. After 10 failed attempts an account is locked for 15 minutes.',
    );
    await expect(page).toHaveURL(/\/login/);

    // An e-mail that does not exist gets exactly the same words.
    await page.getByLabel('Email').fill('nobody@demo.local');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(message).toHaveText(
      'Email or password is incorrect. After 10 failed attempts an account is locked for 15 minutes.',
    );
  });

  test('a signed-out visitor is sent to sign-in and comes back to the page they asked for', async ({ page }) => {
    await page.goto('/orders?q=ABC123');
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Forders%3Fq%3DABC123/);
    await page.getByLabel('Email').fill('manager@demo.local');
    await page.getByLabel('Password').fill('demo-manager-pass');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/orders\?q=ABC123$/);
  });

  test('a sign-in link cannot send the user to another site', async ({ page }) => {
    await page.goto('/login?callbackUrl=https%3A%2F%2Fevil.example%2Fphish');
    await page.getByLabel('Email').fill('manager@demo.local');
    await page.getByLabel('Password').fill('demo-manager-pass');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/localhost:\d+\/orders$/);
  });

  test('signed-out requests to console pages and server actions are refused', async ({ request }) => {
    const page = await request.get('/orders', { maxRedirects: 0 });
    expect(page.status()).toBe(307);
    expect(page.headers().location).toContain('/login?callbackUrl=%2Forders');

    // A crafted server-action POST without a session never reaches an action.
    const action = await request.post('/orders', {
      headers: { 'Next-Action': 'a'.repeat(42), 'Content-Type': 'text/plain;charset=UTF-8' },
      data: '[]',
      maxRedirects: 0,
    });
    expect(action.status()).toBe(307);

    // API routes answer 401 to a caller without a session.
    for (const path of ['/api/exports/refunds', '/api/orders/00000000-0000-0000-0000-000000000000/refunds']) {
      const api = await request.get(path, { maxRedirects: 0 });
      expect(api.status(), path).toBe(401);
    }
  });
});
