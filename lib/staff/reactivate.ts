import 'server-only';
import { eq } from 'drizzle-orm';
import type { Db } from '@/db/connect';
import { staffUsers } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actor';
import { recordAudit } from '@/lib/audit/record';
import { parseInput } from '@/lib/validation';
import { lockStaffOrThrow } from './locks';
import { StaffIdInput } from './schemas';

/** Lets a deactivated staff member sign in again, with their existing password and role. */
export async function reactivateStaff({
  ctx: { db, actor },
  input,
}: {
  ctx: { db: Db; actor: StaffActor };
  input: StaffIdInput;
}): Promise<{ changed: boolean }> {
  const { staffId } = parseInput(StaffIdInput, input);

  return db.transaction(async (tx) => {
    const target = await lockStaffOrThrow(tx, staffId);
    if (target.active) return { changed: false };
    await tx.update(staffUsers).set({ active: true, updatedAt: new Date() }).where(eq(staffUsers.id, staffId));
    await recordAudit(tx, actor, {
      action: 'staff.reactivated',
      entityType: 'staff_user',
      entityId: staffId,
      before: { active: false },
      after: { active: true },
    });
    return { changed: true };
  });
}
