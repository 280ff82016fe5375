import 'server-only';
import { eq } from 'drizzle-orm';
import type { Db } from '@/db/connect';
import { staffUsers } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actor';
import { recordAudit } from '@/lib/audit/record';
import { parseInput } from '@/lib/validation';
import { assertAnotherAdminRemains, lockActiveAdmins, lockStaffOrThrow } from './locks';
import { ChangeRoleInput } from './schemas';

/**
 * Gives a staff member another role; it applies from their next request (the role is read from the
 * database on every request). The last active administrator keeps theirs.
 */
export async function changeStaffRole({
  ctx: { db, actor },
  input,
}: {
  ctx: { db: Db; actor: StaffActor };
  input: ChangeRoleInput;
}): Promise<{ changed: boolean }> {
  const { staffId, role } = parseInput(ChangeRoleInput, input);

  return db.transaction(async (tx) => {
    const admins = await lockActiveAdmins(tx);
    const target = await lockStaffOrThrow(tx, staffId);
    if (target.role === role) return { changed: false };
    if (role !== 'admin') assertAnotherAdminRemains(admins, target);
    await tx.update(staffUsers).set({ role, updatedAt: new Date() }).where(eq(staffUsers.id, staffId));
    await recordAudit(tx, actor, {
      action: 'staff.role_changed',
      entityType: 'staff_user',
      entityId: staffId,
      before: { role: target.role },
      after: { role },
    });
    return { changed: true };
  });
}
