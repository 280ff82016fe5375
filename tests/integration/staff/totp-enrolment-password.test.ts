import { describe, expect, it } from 'vitest';
import { beginTotpEnrolmentAction } from '@/lib/actions/account';
import { LOCKOUT_MINUTES, LOCKOUT_THRESHOLD } from '@/lib/auth/lockout';
import { msg } from '@/lib/shared/messages';
import { makeStaff, staffRow, TEST_PASSWORD } from '../../support/fixtures';
import { testDatabaseForFile } from '../../support/harness';
import { runAsActor } from '../../support/seams/current-actor';

const database = testDatabaseForFile({ serverEnv: true });

const begin = (currentPassword: string | undefined) =>
  beginTotpEnrolmentAction((currentPassword === undefined ? {} : { currentPassword }) as never);

describe('starting two-factor enrolment asks for the current password', () => {
  it('refuses a missing or wrong one, stores no secret, and counts a wrong one toward the lockout', async () => {
    const { db } = database;
    const staff = await makeStaff(db, 'supervisor');
    const missing = await runAsActor(staff, () => begin(undefined));
    expect(missing.data).toBeUndefined();
    expect(missing.validationErrors?.fieldErrors).toHaveProperty('currentPassword');

    const wrong = await runAsActor(staff, () => begin('not my password'));
    expect(wrong.data).toBeUndefined();
    expect(wrong.serverError).toMatchObject({
      code: 'VALIDATION',
      fieldErrors: { currentPassword: [msg('errors.staff.current_password_wrong')] },
    });
    const row = await staffRow(db, staff.staffId);
    expect(row.totpSecret).toBeNull();
    expect(row.failedLoginCount).toBe(1);

    const right = await runAsActor(staff, () => begin(TEST_PASSWORD));
    expect(right.data).toEqual({ started: true });
    expect((await staffRow(db, staff.staffId)).totpSecret).not.toBeNull();
  });

  it('refuses even the right password once the account is locked', async () => {
    const { db } = database;
    const staff = await makeStaff(db, 'manager');
    for (let i = 0; i < LOCKOUT_THRESHOLD; i++) await runAsActor(staff, () => begin(`guess ${i}`));
    expect((await staffRow(db, staff.staffId)).lockedUntil!.getTime()).toBeGreaterThan(Date.now());

    const right = await runAsActor(staff, () => begin(TEST_PASSWORD));
    expect(right.data).toBeUndefined();
    expect(right.serverError).toMatchObject({
      code: 'VALIDATION',
      fieldErrors: { currentPassword: [msg('errors.staff.locked', { minutes: LOCKOUT_MINUTES })] },
    });
    expect((await staffRow(db, staff.staffId)).totpSecret).toBeNull();
  });
});
