import 'server-only';
import { eq } from 'drizzle-orm';
import type { Db } from '@/db/connect';
import { staffRecoveryCodes, staffUsers } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actor';
import { hashPassword } from '@/lib/auth/password';
import { lastUsedTotpStep } from '@/lib/auth/second-factor';
import { checkTotp, decryptTotpSecret, newRecoveryCodes } from '@/lib/auth/totp';
import { recordAudit } from '@/lib/audit/record';
import { ConflictError, fieldError } from '@/lib/errors';
import { parseInput } from '@/lib/validation';
import { lockStaffOrThrow } from './locks';
import { ConfirmTotpInput } from './schemas';

/**
 * Turns two-factor sign-in on once the staff member proves their app has the pending secret.
 * Returns the recovery codes — the only time they exist in plain text; only argon2 hashes are kept.
 * The confirming code's time step is recorded, so it cannot be replayed to sign in.
 */
export async function confirmTotpEnrolment({
  ctx: { db, actor },
  input,
}: {
  ctx: { db: Db; actor: StaffActor };
  input: ConfirmTotpInput;
}): Promise<{ recoveryCodes: string[] }> {
  const { code } = parseInput(ConfirmTotpInput, input);
  const recoveryCodes = newRecoveryCodes();
  const hashes = await Promise.all(recoveryCodes.map((code) => hashPassword(code)));

  return db.transaction(async (tx) => {
    const me = await lockStaffOrThrow(tx, actor.staffId);
    if (me.totpEnabledAt) throw new ConflictError('errors.staff.totp_already_on');
    const secret = me.totpSecret ? decryptTotpSecret(me.totpSecret, me.id) : null;
    if (!secret) throw new ConflictError('errors.staff.totp_nothing_pending');
    const now = new Date();
    const result = await checkTotp(secret, code, now, await lastUsedTotpStep(tx, me.id));
    if (!result.valid) {
      throw fieldError('code', 'errors.staff.code_wrong');
    }
    await tx.update(staffUsers).set({ totpEnabledAt: now, updatedAt: now }).where(eq(staffUsers.id, me.id));
    await tx.delete(staffRecoveryCodes).where(eq(staffRecoveryCodes.staffId, me.id));
    await tx
      .insert(staffRecoveryCodes)
      .values(hashes.map((codeHash) => ({ staffId: me.id, codeHash, createdAt: now })));
    await recordAudit(tx, actor, {
      action: 'auth.totp_enabled',
      entityType: 'staff_user',
      entityId: me.id,
      before: { totpEnabled: false },
      after: { totpEnabled: true, recoveryCodes: recoveryCodes.length },
      data: { timeStep: result.timeStep },
    });
    return { recoveryCodes };
  });
}
