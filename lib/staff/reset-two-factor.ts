import 'server-only';
import { eq } from 'drizzle-orm';
import type { Db } from '@/db/connect';
import { staffRecoveryCodes, staffUsers } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actor';
import { recordAudit } from '@/lib/audit/record';
import { parseInput } from '@/lib/validation';
import { lockStaffOrThrow } from './locks';
import { StaffIdInput } from './schemas';

/**
 * Removes a staff member's authenticator and recovery codes (a lost phone): they sign in with their
 * password alone, and enrol again — at once, when two-factor sign-in is required.
 */
export async function resetStaffTwoFactor({
  ctx: { db, actor },
  input,
}: {
  ctx: { db: Db; actor: StaffActor };
  input: StaffIdInput;
}): Promise<{ changed: boolean }> {
  const { staffId } = parseInput(StaffIdInput, input);

  return db.transaction(async (tx) => {
    const target = await lockStaffOrThrow(tx, staffId);
    if (!target.totpSecret && !target.totpEnabledAt) return { changed: false };
    await tx
      .update(staffUsers)
      .set({ totpSecret: null, totpEnabledAt: null, updatedAt: new Date() })
      .where(eq(staffUsers.id, staffId));
    await tx.delete(staffRecoveryCodes).where(eq(staffRecoveryCodes.staffId, staffId));
    await recordAudit(tx, actor, {
      action: 'staff.two_factor_reset',
      entityType: 'staff_user',
      entityId: staffId,
      before: { totpEnabled: target.totpEnabledAt !== null },
      after: { totpEnabled: false },
    });
    return { changed: true };
  });
}
