import { describe, expect, it } from 'vitest';
import { changeOwnPasswordAction } from '@/lib/actions/account';
import { LOCKOUT_MINUTES, LOCKOUT_THRESHOLD } from '@/lib/auth/lockout';
import { msg } from '@/lib/shared/messages';
import { makeStaff, staffRow, TEST_PASSWORD } from '../../support/fixtures';
import { testDatabaseForFile } from '../../support/harness';
import { runAsActor } from '../../support/seams/current-actor';

const database = testDatabaseForFile({ serverEnv: true });

const NEW_PASSWORD = 'a brand new passphrase';

describe('changing one’s own password while the account is locked', () => {
  it('refuses even the right current password, names the lock, and counts the attempt', async () => {
    const { db } = database;
    const staff = await makeStaff(db, 'manager');
    for (let i = 0; i < LOCKOUT_THRESHOLD; i++) {
      const wrong = await runAsActor(staff, () =>
        changeOwnPasswordAction({
          currentPassword: `guess ${i}`,
          newPassword: NEW_PASSWORD,
          confirmPassword: NEW_PASSWORD,
        }),
      );
      expect(wrong.serverError?.code).toBe('VALIDATION');
    }
    const locked = await staffRow(db, staff.staffId);
    expect(locked.lockedUntil!.getTime()).toBeGreaterThan(Date.now());

    const right = await runAsActor(staff, () =>
      changeOwnPasswordAction({
        currentPassword: TEST_PASSWORD,
        newPassword: NEW_PASSWORD,
        confirmPassword: NEW_PASSWORD,
      }),
    );
    expect(right.data).toBeUndefined();
    expect(right.serverError).toMatchObject({
      code: 'VALIDATION',
      fieldErrors: { currentPassword: [msg('errors.staff.locked', { minutes: LOCKOUT_MINUTES })] },
    });
    const after = await staffRow(db, staff.staffId);
    expect(after.passwordHash).toBe(locked.passwordHash);
    expect(after.failedLoginCount).toBe(locked.failedLoginCount + 1);
  });
});
