import { type Browser, expect, type Page } from '@playwright/test';
import { generate } from 'otplib';

/** Helpers shared by staff.spec.ts and two-factor.spec.ts: accounts made the way an admin makes them. */

export const CHOSEN_PASSWORD = 'my own counter passphrase';

/** The admin creates an account on /staff/new and reads the one-time password shown once. */
export async function createStaffMember(
  admin: Page,
  person: { name: string; email: string; role: string; stores: string[] },
): Promise<string> {
  await admin.goto('/staff/new');
  await admin.getByLabel('Name').fill(person.name);
  await admin.getByLabel('Email').fill(person.email);
  await admin.getByLabel('Role').selectOption({ label: person.role });
  for (const store of person.stores) await admin.getByLabel(new RegExp(`^${store}`)).check();
  await admin.getByRole('button', { name: 'Create account' }).click();
  const password = admin.getByTestId('one-time-password');
  await expect(password).toHaveText(/^[A-Za-z0-9]{4}(-[A-Za-z0-9]{4}){3}$/);
  return (await password.textContent())!;
}

/** First sign-in with a one-time password: the console insists on a password of their own. */
export async function signInFirstTime(browser: Browser, email: string, oneTimePassword: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(oneTimePassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/account\/password$/);
  await expect(page.getByTestId('must-change-password')).toBeVisible();
  // Any other console page leads back here until it is done.
  await page.goto('/orders');
  await expect(page).toHaveURL(/\/account\/password$/);
  await page.getByLabel('Current password').fill(oneTimePassword);
  await page.getByLabel('New password', { exact: true }).fill(CHOSEN_PASSWORD);
  await page.getByLabel('New password again').fill(CHOSEN_PASSWORD);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByTestId('password-changed')).toBeVisible();
  await page.getByRole('button', { name: 'Continue' }).click();
  return page;
}

/** The app's code `offsetSteps` steps (of 30 s) from now. */
export function codeAt(secret: string, offsetSteps = 0): Promise<string> {
  return generate({ secret, epoch: Math.floor(Date.now() / 1000) + offsetSteps * 30 });
}

/** On /account/two-factor: start, read the key, confirm with the current code; returns key and recovery codes. */
export async function enrol(page: Page): Promise<{ secret: string; recoveryCodes: string[] }> {
  await page.goto('/account/two-factor');
  // Starting asks for the current password, so a borrowed session cannot bind its own authenticator.
  await page.getByLabel('Your current password').fill(CHOSEN_PASSWORD);
  await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
  await expect(page.getByRole('img', { name: 'QR code for your authenticator app' })).toBeVisible();
  const secret = (await page.getByTestId('totp-secret').textContent())!.replace(/\s/g, '');
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await page.getByLabel('Code').fill(await codeAt(secret));
  await page.getByRole('button', { name: 'Turn on' }).click();
  const codes = page.getByTestId('recovery-codes').getByRole('listitem');
  await expect(codes).toHaveCount(10);
  const recoveryCodes = await codes.allTextContents();
  await page.getByRole('button', { name: 'I have saved them — continue' }).click();
  await expect(page).toHaveURL(/\/orders$/);
  return { secret, recoveryCodes };
}
