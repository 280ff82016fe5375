import type { Tx } from '@/db/connect';
import type { staffUsers } from '@/db/schema';

/**
 * Checks a TOTP or recovery code for a user who has two-factor sign-in enabled.
 * (Enrolment and codes: lib/auth/totp.ts.)
 */
export async function verifySecondFactor(
  _tx: Tx,
  _user: typeof staffUsers.$inferSelect,
  _code: string,
  _now: Date,
): Promise<boolean> {
  // Two-factor enrolment is not available yet, so no account has totpEnabledAt set and this is
  // never reached with a real code. Refusing is the safe answer.
  return false;
}
