import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { staffUsers } from '@/db/schema';
import { deactivateStaffAction, reactivateStaffAction } from '@/lib/actions/staff';
import { loadStaffActor } from '@/lib/auth/session';
import { signIn } from '@/lib/auth/sign-in';
import { deactivateStaff } from '@/lib/staff/deactivate';
import { ConflictError } from '@/lib/errors';
import { TEST_DB_KIND } from '../../support/db';
import { makeStaff, staffRow, TEST_PASSWORD } from '../../support/fixtures';
import { testDatabaseForFile } from '../../support/harness';
import {
  activeAdmins,
  auditRows,
  demoteEveryAdmin,
  expectRefusedForNonAdmins,
  openSession,
  openSessionsOf,
} from './helpers';
import { msg } from '@/lib/shared/messages';
import { runAsActor } from '../../support/seams/current-actor';

const database = testDatabaseForFile({ serverEnv: true });

const request = { ip: '10.40.0.1', userAgent: 'vitest' };

describe('deactivating and reactivating', () => {
  it('ends every session at once, refuses sign-in, and audits before → after', async () => {
    const { db } = database;
    const admin = await makeStaff(db, 'admin');
    const staff = await makeStaff(db, 'supervisor');
    const first = await openSession(db, staff);
    const second = await openSession(db, staff);

    const result = await runAsActor(admin, () => deactivateStaffAction({ staffId: staff.staffId }));
    expect(result.data).toEqual({ changed: true, sessionsEnded: 2 });
    expect(await loadStaffActor(db, first, { idleMinutes: 15 })).toBeNull();
    expect(await loadStaffActor(db, second, { idleMinutes: 15 })).toBeNull();
    expect(await openSessionsOf(db, staff.staffId)).toBe(0);
    expect(await signIn(db, { email: staff.email, password: TEST_PASSWORD }, request)).toEqual({
      ok: false,
      reason: 'invalid',
    });
    const [audit] = await auditRows(db, staff.staffId, 'staff.deactivated');
    expect(audit).toMatchObject({
      actorStaffId: admin.staffId,
      before: { active: true },
      after: { active: false },
      data: { sessionsEnded: 2 },
    });

    const back = await runAsActor(admin, () => reactivateStaffAction({ staffId: staff.staffId }));
    expect(back.data).toEqual({ changed: true });
    expect((await signIn(db, { email: staff.email, password: TEST_PASSWORD }, request)).ok).toBe(true);
    const [reactivated] = await auditRows(db, staff.staffId, 'staff.reactivated');
    expect(reactivated).toMatchObject({ before: { active: false }, after: { active: true } });
  });

  it('is refused for every role but admin', async () => {
    const { db } = database;
    const staff = await makeStaff(db, 'manager');
    await expectRefusedForNonAdmins(db, () => deactivateStaffAction({ staffId: staff.staffId }), {
      entityId: staff.staffId,
      action: 'staff.deactivated',
    });
    await db.update(staffUsers).set({ active: false }).where(eq(staffUsers.id, staff.staffId));
    await expectRefusedForNonAdmins(db, () => reactivateStaffAction({ staffId: staff.staffId }), {
      entityId: staff.staffId,
      action: 'staff.reactivated',
    });
    expect((await staffRow(db, staff.staffId)).active).toBe(false);
  });

  it('answers bad input with field errors', async () => {
    const { db } = database;
    const admin = await makeStaff(db, 'admin');
    const result = await runAsActor(admin, () => deactivateStaffAction({ staffId: '42' }));
    expect(result.validationErrors?.fieldErrors).toEqual({ staffId: [msg('errors.staff.unknown_staff')] });
    const again = await runAsActor(admin, () => reactivateStaffAction({} as never));
    expect(again.validationErrors?.fieldErrors.staffId).toBeDefined();
  });

  it('an administrator cannot deactivate themselves', async () => {
    const { db } = database;
    const admin = await makeStaff(db, 'admin');
    await makeStaff(db, 'admin');
    const result = await runAsActor(admin, () => deactivateStaffAction({ staffId: admin.staffId }));
    expect(result.serverError).toEqual({ code: 'CONFLICT', message: msg('errors.staff.cannot_deactivate_self') });
    expect((await staffRow(db, admin.staffId)).active).toBe(true);
  });
});

describe('the last administrator', () => {
  it('cannot be deactivated, even by an admin acting on a stale page', async () => {
    const { db } = database;
    await demoteEveryAdmin(db);
    const a = await makeStaff(db, 'admin');
    const b = await makeStaff(db, 'admin');
    await deactivateStaff({ ctx: { db, actor: a }, input: { staffId: b.staffId } });
    // b's request was already past the action client when b was deactivated.
    await expect(deactivateStaff({ ctx: { db, actor: b }, input: { staffId: a.staffId } })).rejects.toThrow(
      msg('errors.staff.last_admin'),
    );
    expect(await activeAdmins(database.db)).toBe(1);
  });

  it(`survives two admins deactivating each other at the same moment (${TEST_DB_KIND})`, async () => {
    const { db } = database;
    for (let round = 0; round < 5; round++) {
      await demoteEveryAdmin(db);
      const a = await makeStaff(db, 'admin');
      const b = await makeStaff(db, 'admin');
      const outcomes = await Promise.allSettled([
        deactivateStaff({ ctx: { db, actor: a }, input: { staffId: b.staffId } }),
        deactivateStaff({ ctx: { db, actor: b }, input: { staffId: a.staffId } }),
      ]);
      const rejected = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(rejected).toHaveLength(1);
      expect(rejected[0]!.reason).toBeInstanceOf(ConflictError);
      expect(await activeAdmins(database.db)).toBe(1);
    }
  });
});
