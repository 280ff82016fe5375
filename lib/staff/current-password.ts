import 'server-only';
import type { DbOrTx } from '@/db/connect';
import { recordAudit } from '@/lib/audit/record';
import type { StaffActor } from '@/lib/auth/actor';
import { countFailedProof, lockedMinutesLeft } from '@/lib/auth/lockout';
import { verifyPassword } from '@/lib/auth/password';
import { auditedAs, fieldError, type ValidationError } from '@/lib/errors';

type StaffRow = { id: string; passwordHash: string; failedLoginCount: number; lockedUntil: Date | null };

/**
 * Why the current password was not accepted: wrong, or the account is locked (minutes left); and
 * the event it was audited under.
 */
export type CurrentPasswordRefusal = { ok: false; lockedMinutes: number | null; auditedAs: string };

/**
 * Checks the signed-in staff member's current password inside the caller's transaction (their row
 * locked). A wrong one counts toward the sign-in lockout, and while the account is locked even the
 * right one is refused and counted, so a borrowed session cannot guess it. The refusal is audited
 * as `audit.action`; the caller throws `currentPasswordError` after committing, so the count stays.
 */
export async function proveCurrentPassword(
  tx: DbOrTx,
  actor: StaffActor,
  me: StaffRow,
  password: string,
  audit: { action: 'auth.password_change_failed' | 'auth.totp_enrolment_refused' },
  now: Date,
): Promise<{ ok: true } | CurrentPasswordRefusal> {
  const lockedMinutes = lockedMinutesLeft(me, now);
  if (lockedMinutes === null && (await verifyPassword(me.passwordHash, password))) return { ok: true };
  const { failures, locked } = await countFailedProof(tx, me, now);
  await recordAudit(tx, actor, {
    action: audit.action,
    entityType: 'staff_user',
    entityId: me.id,
    data: { failures, locked, wasLocked: lockedMinutes !== null },
  });
  return { ok: false, lockedMinutes, auditedAs: audit.action };
}

/** The field error for a refused current password (already audited: the action client adds no row). */
export function currentPasswordError({ lockedMinutes, auditedAs: event }: CurrentPasswordRefusal): ValidationError {
  const error =
    lockedMinutes === null
      ? fieldError('currentPassword', 'errors.staff.current_password_wrong')
      : fieldError('currentPassword', 'errors.staff.locked', { minutes: lockedMinutes });
  return auditedAs(error, event);
}
