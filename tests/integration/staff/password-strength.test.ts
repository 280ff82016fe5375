import { describe, expect, it } from 'vitest';
import { changeOwnPasswordAction } from '@/lib/actions/account';
import { msg } from '@/lib/shared/messages';
import { makeStaff, staffRow, TEST_PASSWORD } from '../../support/fixtures';
import { testDatabaseForFile } from '../../support/harness';
import { runAsActor } from '../../support/seams/current-actor';

const database = testDatabaseForFile({ serverEnv: true });

describe('choosing one’s own password: strength', () => {
  it('refuses guessable passwords and the account’s own e-mail, explained in our own words', async () => {
    const { db } = database;
    const staff = await makeStaff(db, 'finance', [], { email: 'jane.doe.accounts@shop.hk' });
    const before = (await staffRow(db, staff.staffId)).passwordHash;
    const cases: [string, string][] = [
      ['aaaaaaaaaaaa', 'errors.staff.password_weak_repeats'],
      ['password1234', 'errors.staff.password_weak_common'],
      ['jane.doe.accounts@shop.hk', 'errors.staff.password_has_email'],
      ['Jane.Doe.Accounts-2026!', 'errors.staff.password_has_email'],
    ];
    for (const [newPassword, key] of cases) {
      const result = await runAsActor(staff, () =>
        changeOwnPasswordAction({ currentPassword: TEST_PASSWORD, newPassword, confirmPassword: newPassword }),
      );
      expect(result.data, newPassword).toBeUndefined();
      expect(result.serverError, newPassword).toMatchObject({
        code: 'VALIDATION',
        fieldErrors: { newPassword: [msg(key as Parameters<typeof msg>[0])] },
      });
    }
    const row = await staffRow(db, staff.staffId);
    expect(row.passwordHash).toBe(before);
    // A refused new password is not a wrong current one: nothing counts toward the lockout.
    expect(row.failedLoginCount).toBe(0);

    const strong = 'ferry lantern quietly orbit';
    const ok = await runAsActor(staff, () =>
      changeOwnPasswordAction({ currentPassword: TEST_PASSWORD, newPassword: strong, confirmPassword: strong }),
    );
    expect(ok.serverError).toBeUndefined();
    expect(ok.data).toBeDefined();
  });
});
