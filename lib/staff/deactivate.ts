import 'server-only';
import { eq } from 'drizzle-orm';
import type { Db } from '@/db/connect';
import { staffUsers } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actor';
import { recordAudit } from '@/lib/audit/record';
import { ConflictError } from '@/lib/errors';
import { parseInput } from '@/lib/validation';
import { assertAnotherAdminRemains, endSessionsOf, lockActiveAdmins, lockStaffOrThrow } from './locks';
import { StaffIdInput } from './schemas';

/**
 * Deactivates a staff member: they can no longer sign in, and every open session ends now (the
 * session row is checked on every request). The last active administrator cannot be deactivated,
 * and nobody deactivates themselves by accident.
 */
export async function deactivateStaff({
  ctx: { db, actor },
  input,
}: {
  ctx: { db: Db; actor: StaffActor };
  input: StaffIdInput;
}): Promise<{ changed: boolean; sessionsEnded: number }> {
  const { staffId } = parseInput(StaffIdInput, input);
  if (staffId === actor.staffId) throw new ConflictError('errors.staff.cannot_deactivate_self');

  return db.transaction(async (tx) => {
    const admins = await lockActiveAdmins(tx);
    const target = await lockStaffOrThrow(tx, staffId);
    if (!target.active) return { changed: false, sessionsEnded: 0 };
    assertAnotherAdminRemains(admins, target);
    const now = new Date();
    await tx.update(staffUsers).set({ active: false, updatedAt: now }).where(eq(staffUsers.id, staffId));
    const sessionsEnded = await endSessionsOf(tx, staffId, now);
    await recordAudit(tx, actor, {
      action: 'staff.deactivated',
      entityType: 'staff_user',
      entityId: staffId,
      before: { active: true },
      after: { active: false },
      data: { sessionsEnded },
    });
    return { changed: true, sessionsEnded };
  });
}
