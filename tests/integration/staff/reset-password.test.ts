import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { staffUsers } from '@/db/schema';
import { resetStaffPasswordAction, unlockStaffAction } from '@/lib/actions/staff';
import { loadStaffActor } from '@/lib/auth/session';
import { LOCKOUT_THRESHOLD } from '@/lib/auth/lockout';
import { signIn } from '@/lib/auth/sign-in';
import { makeStaff, staffRow, TEST_PASSWORD } from '../../support/fixtures';
import { testDatabaseForFile } from '../../support/harness';
import { auditRows, expectRefusedForNonAdmins, openSession } from './helpers';
import { msg } from '@/lib/shared/messages';
import { runAsActor } from '../../support/seams/current-actor';

const database = testDatabaseForFile({ serverEnv: true });

let ip = 0;
const request = () => ({ ip: `10.50.${Math.floor(ip / 200)}.${ip++ % 200}`, userAgent: 'vitest' });

async function lockOut(email: string): Promise<void> {
  for (let i = 0; i < LOCKOUT_THRESHOLD; i++) {
    await signIn(database.db, { email, password: 'wrong password' }, request());
  }
}

describe('resetting a password', () => {
  it('issues a one-time password that must be changed, ends sessions, lifts a lockout, and audits', async () => {
    const { db } = database;
    const admin = await makeStaff(db, 'admin');
    const staff = await makeStaff(db, 'manager');
    const session = await openSession(db, staff);
    await lockOut(staff.email);
    expect((await staffRow(db, staff.staffId)).lockedUntil).not.toBeNull();

    const result = await runAsActor(admin, () => resetStaffPasswordAction({ staffId: staff.staffId }));
    const oneTimePassword = result.data?.oneTimePassword;
    expect(oneTimePassword).toMatch(/^[A-Za-z0-9]{4}(-[A-Za-z0-9]{4}){3}$/);
    expect(await loadStaffActor(db, session, { idleMinutes: 15 })).toBeNull();
    expect(await signIn(db, { email: staff.email, password: TEST_PASSWORD }, request())).toMatchObject({ ok: false });
    expect((await signIn(db, { email: staff.email, password: oneTimePassword! }, request())).ok).toBe(true);
    expect((await staffRow(db, staff.staffId)).mustChangePassword).toBe(true);

    const [audit] = await auditRows(db, staff.staffId, 'staff.password_reset');
    expect(audit).toMatchObject({
      actorStaffId: admin.staffId,
      before: { mustChangePassword: false },
      after: { mustChangePassword: true, lockedUntil: null },
      data: { sessionsEnded: 1 },
    });
    expect(JSON.stringify(audit)).not.toContain(oneTimePassword!);
  });

  it('is refused for every role but admin', async () => {
    const { db } = database;
    const staff = await makeStaff(db, 'finance');
    await expectRefusedForNonAdmins(db, () => resetStaffPasswordAction({ staffId: staff.staffId }), {
      entityId: staff.staffId,
      action: 'staff.password_reset',
    });
    expect((await signIn(db, { email: staff.email, password: TEST_PASSWORD }, request())).ok).toBe(true);
  });

  it('answers bad input with field errors', async () => {
    const { db } = database;
    const admin = await makeStaff(db, 'admin');
    const result = await runAsActor(admin, () => resetStaffPasswordAction({ staffId: '' }));
    expect(result.validationErrors?.fieldErrors).toEqual({ staffId: [msg('errors.staff.unknown_staff')] });
  });
});

describe('unlocking', () => {
  it('lifts a lockout at once and audits before → after', async () => {
    const { db } = database;
    const admin = await makeStaff(db, 'admin');
    const staff = await makeStaff(db, 'supervisor');
    await lockOut(staff.email);
    const lockedUntil = (await staffRow(db, staff.staffId)).lockedUntil;
    expect(await signIn(db, { email: staff.email, password: TEST_PASSWORD }, request())).toMatchObject({ ok: false });

    const result = await runAsActor(admin, () => unlockStaffAction({ staffId: staff.staffId }));
    expect(result.data).toEqual({ changed: true });
    expect((await signIn(db, { email: staff.email, password: TEST_PASSWORD }, request())).ok).toBe(true);
    const [audit] = await auditRows(db, staff.staffId, 'staff.unlocked');
    expect(audit).toMatchObject({
      actorStaffId: admin.staffId,
      before: { lockedUntil: lockedUntil!.toISOString() },
      after: { lockedUntil: null, failedLoginCount: 0 },
    });
  });

  it('writes nothing for an account that is not locked', async () => {
    const { db } = database;
    const admin = await makeStaff(db, 'admin');
    const staff = await makeStaff(db, 'supervisor');
    expect((await runAsActor(admin, () => unlockStaffAction({ staffId: staff.staffId }))).data).toEqual({
      changed: false,
    });
    expect(await auditRows(db, staff.staffId, 'staff.unlocked')).toHaveLength(0);
  });

  it('is refused for every role but admin, and answers bad input with field errors', async () => {
    const { db } = database;
    const staff = await makeStaff(db, 'manager');
    await db
      .update(staffUsers)
      .set({ lockedUntil: new Date(Date.now() + 600_000) })
      .where(eq(staffUsers.id, staff.staffId));
    await expectRefusedForNonAdmins(db, () => unlockStaffAction({ staffId: staff.staffId }), {
      entityId: staff.staffId,
      action: 'staff.unlocked',
    });
    expect((await staffRow(db, staff.staffId)).lockedUntil).not.toBeNull();
    const admin = await makeStaff(db, 'admin');
    const bad = await runAsActor(admin, () => unlockStaffAction({ staffId: 7 as never }));
    expect(bad.validationErrors?.fieldErrors.staffId).toBeDefined();
  });
});
