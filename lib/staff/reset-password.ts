import 'server-only';
import { eq } from 'drizzle-orm';
import type { Db } from '@/db/connect';
import { staffUsers } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actor';
import { hashPassword } from '@/lib/auth/password';
import { recordAudit } from '@/lib/audit/record';
import { parseInput } from '@/lib/validation';
import { endSessionsOf, lockStaffOrThrow } from './locks';
import { generateOneTimePassword } from './one-time-password';
import { StaffIdInput } from './schemas';

/**
 * Issues a new one-time password (returned once, to be handed over), which the staff member must
 * replace at their next sign-in. Their open sessions end — a reset often means the old password is
 * known to someone else — and a lockout is lifted so that the new password can be used.
 */
export async function resetStaffPassword({
  ctx: { db, actor },
  input,
}: {
  ctx: { db: Db; actor: StaffActor };
  input: StaffIdInput;
}): Promise<{ oneTimePassword: string }> {
  const { staffId } = parseInput(StaffIdInput, input);
  const oneTimePassword = generateOneTimePassword();
  const passwordHash = await hashPassword(oneTimePassword);

  return db.transaction(async (tx) => {
    const target = await lockStaffOrThrow(tx, staffId);
    const now = new Date();
    await tx
      .update(staffUsers)
      .set({ passwordHash, mustChangePassword: true, failedLoginCount: 0, lockedUntil: null, updatedAt: now })
      .where(eq(staffUsers.id, staffId));
    const sessionsEnded = await endSessionsOf(tx, staffId, now, staffId === actor.staffId ? actor.sessionId : null);
    // The password itself is never audited, hashed or not.
    await recordAudit(tx, actor, {
      action: 'staff.password_reset',
      entityType: 'staff_user',
      entityId: staffId,
      before: { mustChangePassword: target.mustChangePassword, lockedUntil: target.lockedUntil?.toISOString() ?? null },
      after: { mustChangePassword: true, lockedUntil: null },
      data: { sessionsEnded },
    });
    return { oneTimePassword };
  });
}
