import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { staffUsers } from '@/db/schema';
import { changeStaffRoleAction } from '@/lib/actions/staff';
import { loadStaffActor } from '@/lib/auth/session';
import { changeStaffRole } from '@/lib/staff/change-role';
import { ConflictError } from '@/lib/errors';
import { TEST_DB_KIND } from '../../support/db';
import { makeStaff, staffRow } from '../../support/fixtures';
import { testDatabaseForFile } from '../../support/harness';
import { activeAdmins, auditRows, demoteEveryAdmin, expectRefusedForNonAdmins, openSession } from './helpers';
import { msg } from '@/lib/shared/messages';
import { runAsActor } from '../../support/seams/current-actor';

const database = testDatabaseForFile({ serverEnv: true });

describe('changing a role', () => {
  it('changes the role from the next request on, and audits before → after', async () => {
    const { db } = database;
    const admin = await makeStaff(db, 'admin');
    const staff = await makeStaff(db, 'manager');
    const session = await openSession(db, staff);
    const result = await runAsActor(admin, () => changeStaffRoleAction({ staffId: staff.staffId, role: 'supervisor' }));
    expect(result.data).toEqual({ changed: true });
    expect((await staffRow(db, staff.staffId)).role).toBe('supervisor');
    expect(await loadStaffActor(db, session, { idleMinutes: 15 })).toMatchObject({ role: 'supervisor' });
    const [audit] = await auditRows(db, staff.staffId, 'staff.role_changed');
    expect(audit).toMatchObject({
      actorStaffId: admin.staffId,
      before: { role: 'manager' },
      after: { role: 'supervisor' },
    });
  });

  it('writes nothing when the role is already the one asked for', async () => {
    const { db } = database;
    const admin = await makeStaff(db, 'admin');
    const staff = await makeStaff(db, 'finance');
    const result = await runAsActor(admin, () => changeStaffRoleAction({ staffId: staff.staffId, role: 'finance' }));
    expect(result.data).toEqual({ changed: false });
    expect(await auditRows(db, staff.staffId, 'staff.role_changed')).toHaveLength(0);
  });

  it('is refused for every role but admin', async () => {
    const { db } = database;
    const staff = await makeStaff(db, 'manager');
    await expectRefusedForNonAdmins(db, () => changeStaffRoleAction({ staffId: staff.staffId, role: 'admin' }), {
      entityId: staff.staffId,
      action: 'staff.role_changed',
    });
    expect((await staffRow(db, staff.staffId)).role).toBe('manager');
  });

  it('answers bad input with field errors', async () => {
    const { db } = database;
    const admin = await makeStaff(db, 'admin');
    const result = await runAsActor(admin, () => changeStaffRoleAction({ staffId: 'nobody', role: 'boss' as never }));
    expect(result.validationErrors?.fieldErrors).toEqual({
      staffId: [msg('errors.staff.unknown_staff')],
      role: [msg('errors.staff.role_required')],
    });
    const missing = await runAsActor(admin, () =>
      changeStaffRoleAction({ staffId: '00000000-0000-4000-8000-000000000000', role: 'manager' }),
    );
    expect(missing.serverError).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('the last administrator', () => {
  it('cannot be demoted; once there is another admin, they can', async () => {
    const { db } = database;
    await demoteEveryAdmin(database.db);
    const only = await makeStaff(db, 'admin');
    const refused = await runAsActor(only, () => changeStaffRoleAction({ staffId: only.staffId, role: 'manager' }));
    expect(refused.serverError).toEqual({
      code: 'CONFLICT',
      message: msg('errors.staff.last_admin'),
    });
    expect((await staffRow(db, only.staffId)).role).toBe('admin');
    expect(await auditRows(db, only.staffId, 'staff.role_changed')).toHaveLength(0);

    const second = await makeStaff(db, 'admin');
    const allowed = await runAsActor(second, () => changeStaffRoleAction({ staffId: only.staffId, role: 'manager' }));
    expect(allowed.data).toEqual({ changed: true });
    expect(await activeAdmins(database.db)).toBe(1);
  });

  it('an inactive admin does not count as the other administrator', async () => {
    const { db } = database;
    await demoteEveryAdmin(database.db);
    const active = await makeStaff(db, 'admin');
    const inactive = await makeStaff(db, 'admin');
    await db.update(staffUsers).set({ active: false }).where(eq(staffUsers.id, inactive.staffId));
    await expect(
      changeStaffRole({ ctx: { db, actor: active }, input: { staffId: active.staffId, role: 'finance' } }),
    ).rejects.toThrow(ConflictError);
  });

  it(`survives two admins demoting each other at the same moment (${TEST_DB_KIND})`, async () => {
    const { db } = database;
    // Several rounds: without the admin-row locks, one of them would leave no administrator.
    for (let round = 0; round < 5; round++) {
      await demoteEveryAdmin(database.db);
      const a = await makeStaff(db, 'admin');
      const b = await makeStaff(db, 'admin');
      const outcomes = await Promise.allSettled([
        changeStaffRole({ ctx: { db, actor: a }, input: { staffId: b.staffId, role: 'manager' } }),
        changeStaffRole({ ctx: { db, actor: b }, input: { staffId: a.staffId, role: 'manager' } }),
      ]);
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const rejected = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(rejected).toHaveLength(1);
      expect(rejected[0]!.reason).toBeInstanceOf(ConflictError);
      expect(await activeAdmins(database.db)).toBe(1);
    }
  });
});
