import 'server-only';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '@/db/connect';
import { auditLog, staffRecoveryCodes, type staffUsers } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { log } from '@/lib/log';
import { verifyPassword } from './password';
import { checkTotp, decryptTotpSecret, looksLikeTotpCode, normalizeRecoveryCode } from './totp';

/** Audit actions that record a TOTP step as used (enrolment and step-up confirm with a code, too). */
const TOTP_STEP_ACTIONS = ['auth.totp_enabled', 'auth.second_factor_used', 'auth.stepped_up'] as const;

/**
 * The audit row that records the code's use, by what it proves: a sign-in's second step, or a
 * signed-in person's fresh proof of presence before a protected action (lib/auth/step-up.ts).
 */
export type SecondFactorUse = { action: 'auth.second_factor_used' | 'auth.stepped_up' };

/**
 * Checks a TOTP or recovery code for a user who has two-factor sign-in enabled. Runs inside
 * `signIn`'s transaction, which holds the user's row lock: two sign-ins with the same code are
 * serialised, and the second sees the first's use. A wrong code is counted toward the lockout by
 * the caller. (Enrolment and codes: lib/auth/totp.ts.)
 */
export async function verifySecondFactor(
  tx: Tx,
  user: typeof staffUsers.$inferSelect,
  code: string,
  now: Date,
  use: SecondFactorUse,
): Promise<boolean> {
  const entered = code.replace(/\s/g, '');
  if (looksLikeTotpCode(entered)) return verifyTotpCode(tx, user, entered, now, use);
  return spendRecoveryCode(tx, user.id, entered, now, use);
}

async function verifyTotpCode(
  tx: Tx,
  user: typeof staffUsers.$inferSelect,
  code: string,
  now: Date,
  use: SecondFactorUse,
): Promise<boolean> {
  if (!user.totpSecret) return false;
  const secret = decryptTotpSecret(user.totpSecret, user.id);
  if (!secret) {
    log.error({ staffId: user.id }, 'stored TOTP secret cannot be decrypted (AUTH_SECRET changed?)');
    return false;
  }
  const result = await checkTotp(secret, code, now, await lastUsedTotpStep(tx, user.id));
  if (!result.valid) return false;
  await recordAudit(
    tx,
    { kind: 'staff', staffId: user.id },
    {
      action: use.action,
      entityType: 'staff_user',
      entityId: user.id,
      data: { method: 'totp', timeStep: result.timeStep },
    },
  );
  return true;
}

/**
 * The last TOTP step this user has spent, read from the append-only audit log (where each use is
 * recorded anyway) rather than a column that could be rewound.
 */
export async function lastUsedTotpStep(db: DbOrTx, staffId: string): Promise<number | null> {
  const [row] = await db
    .select({ step: sql<string | null>`max((${auditLog.data}->>'timeStep')::bigint)` })
    .from(auditLog)
    .where(and(eq(auditLog.actorStaffId, staffId), inArray(auditLog.action, [...TOTP_STEP_ACTIONS])));
  return row?.step == null ? null : Number(row.step);
}

/** A recovery code works once: it is marked used in the same transaction that signs in. */
async function spendRecoveryCode(
  tx: Tx,
  staffId: string,
  entered: string,
  now: Date,
  use: SecondFactorUse,
): Promise<boolean> {
  const code = normalizeRecoveryCode(entered);
  if (!/^[a-z0-9]{5}-[a-z0-9]{5}$/.test(code)) return false;
  const unused = await tx
    .select({ id: staffRecoveryCodes.id, codeHash: staffRecoveryCodes.codeHash })
    .from(staffRecoveryCodes)
    .where(and(eq(staffRecoveryCodes.staffId, staffId), isNull(staffRecoveryCodes.usedAt)));
  for (const candidate of unused) {
    if (!(await verifyPassword(candidate.codeHash, code))) continue;
    const [used] = await tx
      .update(staffRecoveryCodes)
      .set({ usedAt: now })
      .where(and(eq(staffRecoveryCodes.id, candidate.id), isNull(staffRecoveryCodes.usedAt)))
      .returning({ id: staffRecoveryCodes.id });
    if (!used) return false;
    await recordAudit(
      tx,
      { kind: 'staff', staffId },
      {
        action: use.action,
        entityType: 'staff_user',
        entityId: staffId,
        data: { method: 'recovery_code', remaining: unused.length - 1 },
      },
    );
    return true;
  }
  return false;
}
