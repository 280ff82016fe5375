import 'server-only';
import { eq } from 'drizzle-orm';
import type { Db } from '@/db/connect';
import { staffUsers } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actor';
import { recordAudit } from '@/lib/audit/record';
import { parseInput } from '@/lib/validation';
import { lockStaffOrThrow } from './locks';
import { StaffIdInput } from './schemas';

/** Lifts a lockout (too many failed sign-ins) before its 15 minutes are up, and clears the count. */
export async function unlockStaff({
  ctx: { db, actor },
  input,
}: {
  ctx: { db: Db; actor: StaffActor };
  input: StaffIdInput;
}): Promise<{ changed: boolean }> {
  const { staffId } = parseInput(StaffIdInput, input);

  return db.transaction(async (tx) => {
    const target = await lockStaffOrThrow(tx, staffId);
    if (!target.lockedUntil && target.failedLoginCount === 0) return { changed: false };
    await tx
      .update(staffUsers)
      .set({ lockedUntil: null, failedLoginCount: 0, updatedAt: new Date() })
      .where(eq(staffUsers.id, staffId));
    await recordAudit(tx, actor, {
      action: 'staff.unlocked',
      entityType: 'staff_user',
      entityId: staffId,
      before: { lockedUntil: target.lockedUntil?.toISOString() ?? null, failedLoginCount: target.failedLoginCount },
      after: { lockedUntil: null, failedLoginCount: 0 },
    });
    return { changed: true };
  });
}
