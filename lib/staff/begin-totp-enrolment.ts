import 'server-only';
import { eq } from 'drizzle-orm';
import type { Db } from '@/db/connect';
import { staffUsers } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actor';
import { encryptTotpSecret, newTotpSecret } from '@/lib/auth/totp';
import { recordAudit } from '@/lib/audit/record';
import { ConflictError } from '@/lib/errors';
import { parseInput } from '@/lib/validation';
import { currentPasswordError, proveCurrentPassword } from './current-password';
import { lockStaffOrThrow } from './locks';
import { BeginTotpInput } from './schemas';

/**
 * Starts two-factor enrolment for the signed-in staff member: a new secret is stored, encrypted,
 * but not yet in force (`totp_enabled_at` stays null) until they confirm it with a code. Starting
 * again replaces a pending secret. The current password is asked for first, counted toward the
 * lockout like a sign-in, so a borrowed session cannot bind its own authenticator to the account.
 */
export async function beginTotpEnrolment({
  ctx: { db, actor },
  input,
}: {
  ctx: { db: Db; actor: StaffActor };
  input: BeginTotpInput;
}): Promise<{ started: true }> {
  const { currentPassword } = parseInput(BeginTotpInput, input);
  const outcome = await db.transaction(async (tx) => {
    const me = await lockStaffOrThrow(tx, actor.staffId);
    if (me.totpEnabledAt) throw new ConflictError('errors.staff.totp_already_on');
    const now = new Date();
    const proof = await proveCurrentPassword(
      tx,
      actor,
      me,
      currentPassword,
      { action: 'auth.totp_enrolment_refused' },
      now,
    );
    if (!proof.ok) return proof;
    const totpSecret = encryptTotpSecret(newTotpSecret(), me.id);
    await tx.update(staffUsers).set({ totpSecret, updatedAt: now }).where(eq(staffUsers.id, me.id));
    await recordAudit(tx, actor, {
      action: 'auth.totp_enrolment_started',
      entityType: 'staff_user',
      entityId: me.id,
      data: { replacedPending: me.totpSecret !== null },
    });
    return { ok: true } as const;
  });
  // Thrown after the transaction, so that the failed attempt above stays counted.
  if (!outcome.ok) throw currentPasswordError(outcome);
  return { started: true };
}
