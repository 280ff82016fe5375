import 'server-only';
import { eq } from 'drizzle-orm';
import type { Db } from '@/db/connect';
import { staffUsers } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actor';
import { hashPassword } from '@/lib/auth/password';
import { passwordWeakness } from '@/lib/auth/password-strength';
import { recordAudit } from '@/lib/audit/record';
import { fieldError } from '@/lib/errors';
import { parseInput } from '@/lib/validation';
import { currentPasswordError, proveCurrentPassword } from './current-password';
import { endSessionsOf, lockStaffOrThrow } from './locks';
import { ChangeOwnPasswordInput } from './schemas';

/**
 * A signed-in staff member replaces their password (required after an administrator issued a
 * one-time one). The current password is asked for, and a wrong one counts toward the sign-in
 * lockout, so a borrowed session cannot be used to guess it (see ./current-password.ts); while the account is locked, even the
 * right one is refused (and the attempt counted). Their other sessions end.
 */
export async function changeOwnPassword({
  ctx: { db, actor },
  input,
}: {
  ctx: { db: Db; actor: StaffActor };
  input: ChangeOwnPasswordInput;
}): Promise<{ sessionsEnded: number }> {
  const { currentPassword, newPassword } = parseInput(ChangeOwnPasswordInput, input);
  // Strength is judged here, on the server: the estimator's word lists stay out of the browser.
  const weakness = passwordWeakness(newPassword, actor.email);
  if (weakness) throw fieldError('newPassword', weakness);
  const newHash = await hashPassword(newPassword);

  const outcome = await db.transaction(async (tx) => {
    const me = await lockStaffOrThrow(tx, actor.staffId);
    const now = new Date();
    const proof = await proveCurrentPassword(
      tx,
      actor,
      me,
      currentPassword,
      { action: 'auth.password_change_failed' },
      now,
    );
    if (!proof.ok) return proof;
    await tx
      .update(staffUsers)
      .set({ passwordHash: newHash, mustChangePassword: false, failedLoginCount: 0, updatedAt: now })
      .where(eq(staffUsers.id, me.id));
    const sessionsEnded = await endSessionsOf(tx, me.id, now, actor.sessionId);
    await recordAudit(tx, actor, {
      action: 'auth.password_changed',
      entityType: 'staff_user',
      entityId: me.id,
      before: { mustChangePassword: me.mustChangePassword },
      after: { mustChangePassword: false },
      data: { sessionsEnded },
    });
    return { ok: true, sessionsEnded } as const;
  });
  // Thrown after the transaction, so that the failed attempt above stays counted.
  if (!outcome.ok) throw currentPasswordError(outcome);
  return { sessionsEnded: outcome.sessionsEnded };
}
