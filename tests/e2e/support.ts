import fs from 'node:fs';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';
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
  await expect(page.getByTestId('signed-in-as')).toBeVisible();
}

export async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
}

/** What scripts/e2e-server.ts wrote: the console and sandbox URLs and the sandbox's credentials. */
export function stackInfo(): { url: string; sandboxUrl: string; secretCode: string; userConfirmKey: string } {
  const port = process.env.E2E_PORT ?? '3100';
  return JSON.parse(fs.readFileSync(path.join(process.cwd(), '.data', `e2e-${port}`, 'stack.json'), 'utf8'));
}
