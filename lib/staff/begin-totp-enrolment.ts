import 'server-only';
import { eq } from 'drizzle-orm';
import type { Db } from '@/db/connect';
import { staffUsers } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actor';
import { encryptTotpSecret, newTotpSecret } from '@/lib/auth/totp';
import { recordAudit } from '@/lib/audit/record';
import { ConflictError } from '@/lib/errors';
import { lockStaffOrThrow } from './locks';

/**
 * Starts two-factor enrolment for the signed-in staff member: a new secret is stored, encrypted,
 * but not yet in force (`totp_enabled_at` stays null) until they confirm it with a code. Starting
 * again replaces a pending secret.
 */
export async function beginTotpEnrolment({
  ctx: { db, actor },
}: {
  ctx: { db: Db; actor: StaffActor };
  input?: Record<string, never>;
}): Promise<{ started: true }> {
  return db.transaction(async (tx) => {
    const me = await lockStaffOrThrow(tx, actor.staffId);
    if (me.totpEnabledAt) throw new ConflictError('errors.staff.totp_already_on');
    const totpSecret = encryptTotpSecret(newTotpSecret(), me.id);
    await tx.update(staffUsers).set({ totpSecret, updatedAt: new Date() }).where(eq(staffUsers.id, me.id));
    await recordAudit(tx, actor, {
      action: 'auth.totp_enrolment_started',
      entityType: 'staff_user',
      entityId: me.id,
      data: { replacedPending: me.totpSecret !== null },
    });
    return { started: true } as const;
  });
}
