import { describe, expect, it } from 'vitest';
import { changeOwnPasswordAction } from '@/lib/actions/account';
import { createStaffAction, setRequireTotpAction } from '@/lib/actions/staff';
import type { StaffActor } from '@/lib/auth/actor';
import { loadStaffActor } from '@/lib/auth/session';
import { signIn } from '@/lib/auth/sign-in';
import { accountSetupStep, getAccountState } from '@/lib/staff/account-state';
import { getRequireTotp } from '@/lib/staff/settings';
import { makeStaff, staffRow, TEST_PASSWORD } from '../../support/fixtures';
import { testDatabaseForFile } from '../../support/harness';
import { auditRows, enrolTotp, expectRefusedForNonAdmins } from './helpers';
import { msg } from '@/lib/shared/messages';
import { runAsActor } from '../../support/seams/current-actor';

const database = testDatabaseForFile({ serverEnv: true });

const request = { ip: '10.70.0.1', userAgent: 'vitest' };
const NEW_PASSWORD = 'a brand new passphrase';

/** What the console sees after the staff member signs in with `password`. */
async function signedIn(email: string, password: string): Promise<StaffActor> {
  const result = await signIn(database.db, { email, password }, request);
  if (!result.ok) throw new Error(result.reason);
  return (await loadStaffActor(database.db, result.sessionId, { idleMinutes: 15 }))!;
}

describe('choosing one’s own password', () => {
  it('replaces the one-time password, lifts the must-change flag, ends other sessions and audits', async () => {
    const { db } = database;
    const admin = await makeStaff(db, 'admin');
    const created = await runAsActor(admin, () =>
      createStaffAction({ email: 'first.day@shop.hk', name: 'First Day', role: 'finance' }),
    );
    const oneTime = created.data!.oneTimePassword!;
    const elsewhere = await signedIn('first.day@shop.hk', oneTime);
    const me = await signedIn('first.day@shop.hk', oneTime);
    expect(accountSetupStep(await getAccountState(db, me.staffId))).toBe('change_password');

    // Until then, nothing but their own account's actions runs.
    const blocked = await runAsActor(me, () => setRequireTotpAction({ required: true }));
    expect(blocked.serverError?.code).toBe('FORBIDDEN');

    const result = await runAsActor(me, () =>
      changeOwnPasswordAction({ currentPassword: oneTime, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD }),
    );
    expect(result.data).toEqual({ sessionsEnded: 1 });
    expect(accountSetupStep(await getAccountState(db, me.staffId))).toBeNull();
    expect(await loadStaffActor(db, me.sessionId!, { idleMinutes: 15 })).not.toBeNull();
    expect(await loadStaffActor(db, elsewhere.sessionId!, { idleMinutes: 15 })).toBeNull();
    expect((await signIn(db, { email: 'first.day@shop.hk', password: oneTime }, request)).ok).toBe(false);
    expect((await signIn(db, { email: 'first.day@shop.hk', password: NEW_PASSWORD }, request)).ok).toBe(true);
    const [audit] = await auditRows(db, me.staffId, 'auth.password_changed');
    expect(audit).toMatchObject({
      actorStaffId: me.staffId,
      before: { mustChangePassword: true },
      after: { mustChangePassword: false },
    });
    expect(JSON.stringify(audit)).not.toContain(NEW_PASSWORD);
  });

  it('refuses a wrong current password, and counts it toward the lockout', async () => {
    const { db } = database;
    const staff = await makeStaff(db, 'manager');
    const result = await runAsActor(staff, () =>
      changeOwnPasswordAction({
        currentPassword: 'not my password',
        newPassword: NEW_PASSWORD,
        confirmPassword: NEW_PASSWORD,
      }),
    );
    expect(result.serverError).toMatchObject({
      code: 'VALIDATION',
      fieldErrors: { currentPassword: [msg('errors.staff.current_password_wrong')] },
    });
    const row = await staffRow(db, staff.staffId);
    expect(row.failedLoginCount).toBe(1);
    expect((await signIn(db, { email: staff.email, password: TEST_PASSWORD }, request)).ok).toBe(true);
  });

  it('answers bad input with field errors', async () => {
    const { db } = database;
    const staff = await makeStaff(db, 'supervisor');
    const short = await runAsActor(staff, () =>
      changeOwnPasswordAction({ currentPassword: TEST_PASSWORD, newPassword: 'short', confirmPassword: 'other' }),
    );
    expect(short.validationErrors?.fieldErrors).toEqual({
      newPassword: [msg('errors.staff.password_too_short', { min: 12 })],
      confirmPassword: [msg('errors.staff.passwords_differ')],
    });
    const same = await runAsActor(staff, () =>
      changeOwnPasswordAction({
        currentPassword: TEST_PASSWORD,
        newPassword: TEST_PASSWORD,
        confirmPassword: TEST_PASSWORD,
      }),
    );
    expect(same.validationErrors?.fieldErrors).toEqual({
      newPassword: [msg('errors.staff.password_reused')],
    });
  });

  it('is refused when signed out', async () => {
    const result = await runAsActor(null, () =>
      changeOwnPasswordAction({ currentPassword: 'x', newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD }),
    );
    expect(result.serverError?.code).toBe('UNAUTHENTICATED');
  });
});

describe('requiring two-factor sign-in for everyone', () => {
  it('is an audited admin setting that sends staff without it to enrolment', async () => {
    const { db } = database;
    const admin = await makeStaff(db, 'admin');
    const manager = await makeStaff(db, 'manager');

    // The admin turning it on must use it already, or they would be the first one shut out.
    const early = await runAsActor(admin, () => setRequireTotpAction({ required: true }));
    expect(early.serverError).toMatchObject({ code: 'CONFLICT' });
    expect(await getRequireTotp(db)).toBe(false);
    await enrolTotp(db, admin);

    const on = await runAsActor(admin, () => setRequireTotpAction({ required: true }));
    expect(on.data).toEqual({ changed: true });
    expect(await getRequireTotp(db)).toBe(true);
    const [audit] = await auditRows(db, 'require_totp', 'settings.changed');
    expect(audit).toMatchObject({
      actorStaffId: admin.staffId,
      before: { require_totp: false },
      after: { require_totp: true },
    });

    // Staff without it are sent to enrolment, and only their own account's actions run meanwhile.
    expect(accountSetupStep(await getAccountState(db, manager.staffId))).toBe('enrol_two_factor');
    expect(accountSetupStep(await getAccountState(db, admin.staffId))).toBeNull();
    const own = await runAsActor(manager, () =>
      changeOwnPasswordAction({
        currentPassword: TEST_PASSWORD,
        newPassword: NEW_PASSWORD,
        confirmPassword: NEW_PASSWORD,
      }),
    );
    expect(own.serverError).toBeUndefined();
    const other = await runAsActor(manager, () => createStaffAction({ email: 'x@y.z', name: 'X', role: 'manager' }));
    expect(other.serverError?.code).toBe('FORBIDDEN');
    await enrolTotp(db, manager, NEW_PASSWORD);
    expect(accountSetupStep(await getAccountState(db, manager.staffId))).toBeNull();

    const off = await runAsActor(admin, () => setRequireTotpAction({ required: false }));
    expect(off.data).toEqual({ changed: true });
    expect(await getRequireTotp(db)).toBe(false);
  });

  it('is refused for every role but admin, and answers bad input with field errors', async () => {
    const { db } = database;
    await expectRefusedForNonAdmins(db, () => setRequireTotpAction({ required: true }), {
      entityId: 'require_totp',
      action: 'settings.changed',
    });
    expect(await getRequireTotp(db)).toBe(false);
    const admin = await makeStaff(db, 'admin');
    const bad = await runAsActor(admin, () => setRequireTotpAction({ required: 'yes' as never }));
    expect(bad.validationErrors?.fieldErrors.required).toBeDefined();
  });
});
