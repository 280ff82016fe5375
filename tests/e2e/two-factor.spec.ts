import { expect, type Page, test } from '@playwright/test';
import { CHOSEN_PASSWORD, codeAt, createStaffMember, enrol, signInFirstTime } from './staff-helpers';
import { signIn, signOut } from './support';

/**
 * Two-factor sign-in (TOTP), with accounts an admin creates for the purpose so that the demo logins
 * other tests use are untouched. Codes are computed here from the key the page shows, as an
 * authenticator app would.
 */
const stamp = Date.now().toString(36);

/** A code that is none of the ones the server accepts now. */
async function wrongCode(secret: string): Promise<string> {
  const accepted = await Promise.all([-1, 0, 1, 2].map((s) => codeAt(secret, s)));
  for (let n = 123_456; ; n++) if (!accepted.includes(String(n))) return String(n);
}

async function submitPassword(page: Page, email: string) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(CHOSEN_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('sign-in-error')).toHaveText('Enter the code from your authenticator app.');
}

test.describe('two-factor sign-in', () => {
  test('after enrolling, the password alone no longer signs in; a wrong code is refused, the right one works', async ({
    browser,
    page: admin,
  }) => {
    const email = `e2e.totp.${stamp}@demo.local`;
    await signIn(admin, 'admin@demo.local');
    const oneTime = await createStaffMember(admin, {
      name: `Tom Totp ${stamp}`,
      email,
      role: 'Supervisor',
      stores: ['Mong Kok'],
    });
    const page = await signInFirstTime(browser, email, oneTime);
    const { secret, recoveryCodes } = await enrol(page);
    await expect(page.getByTestId('signed-in-as')).toBeVisible();
    await page.goto('/account/two-factor');
    await expect(page.getByTestId('two-factor-on')).toBeVisible();
    await expect(page.getByTestId('totp-secret')).toHaveCount(0);
    await signOut(page);

    // The password is right, so the form asks for the code…
    await submitPassword(page, email);
    const codeField = page.getByLabel('Authentication code');
    await expect(codeField).toBeVisible();
    // …a wrong one is refused with the same words as a wrong password (and counts toward the lockout)…
    await codeField.fill(await wrongCode(secret));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('sign-in-error')).toHaveText(
      'Email or password is incorrect. After 10 failed attempts an account is locked for 15 minutes.',
    );
    await expect(page).toHaveURL(/\/login/);
    // …and the app's next code signs in (the enrolment already spent the current one).
    await codeField.fill(await codeAt(secret, 1));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('signed-in-as')).toContainText(`Tom Totp ${stamp} · Supervisor · Mong Kok`);
    await signOut(page);

    // A recovery code signs in once.
    await submitPassword(page, email);
    await codeField.fill(recoveryCodes[0]!);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('signed-in-as')).toBeVisible();
    await signOut(page);
    await submitPassword(page, email);
    await codeField.fill(recoveryCodes[0]!);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('sign-in-error')).toContainText('Email or password is incorrect');
  });

  test('when an administrator requires it, staff without it are taken to enrolment first', async ({
    browser,
    page: demoAdmin,
  }) => {
    const adminEmail = `e2e.admin.${stamp}@demo.local`;
    const staffEmail = `e2e.required.${stamp}@demo.local`;
    await signIn(demoAdmin, 'admin@demo.local');
    const adminPassword = await createStaffMember(demoAdmin, {
      name: `Abe Admin ${stamp}`,
      email: adminEmail,
      role: 'Administrator',
      stores: [],
    });
    const staffPassword = await createStaffMember(demoAdmin, {
      name: `Rita Required ${stamp}`,
      email: staffEmail,
      role: 'Store manager',
      stores: ['Tsim Sha Tsui'],
    });

    // Only an admin who uses two-factor sign-in may require it, so this one enrols first.
    const admin = await signInFirstTime(browser, adminEmail, adminPassword);
    await enrol(admin);
    await admin.goto('/staff');
    const requireIt = admin.getByLabel('Require two-factor sign-in for everyone');
    await requireIt.check();
    await admin.getByRole('button', { name: 'Save' }).click();
    await expect(admin.getByText('Saved.')).toBeVisible();
    try {
      // The new manager chooses a password, then every console page leads to enrolment.
      const staff = await signInFirstTime(browser, staffEmail, staffPassword);
      await expect(staff).toHaveURL(/\/account\/two-factor$/);
      await expect(staff.getByTestId('two-factor-required')).toBeVisible();
      await staff.goto('/orders');
      await expect(staff).toHaveURL(/\/account\/two-factor$/);
      await enrol(staff);
      await expect(staff.getByTestId('signed-in-stores')).toHaveText('Tsim Sha Tsui');
    } finally {
      // Leave the setting as the other tests expect it.
      await admin.goto('/staff');
      await requireIt.uncheck();
      await admin.getByRole('button', { name: 'Save' }).click();
      await expect(admin.getByText('Saved.')).toBeVisible();
    }
  });
});
