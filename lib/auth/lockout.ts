import 'server-only';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/connect';
import { staffUsers } from '@/db/schema';

/** The lockout rule: this many wrong passwords or codes in a row lock the account for LOCKOUT_MINUTES. */
export const LOCKOUT_THRESHOLD = 10;
export const LOCKOUT_MINUTES = 15;

/**
 * Counts one failed proof of identity (sign-in, second factor, or the current password when
 * changing it) against the account's row, which the caller holds locked; the failure that reaches
 * the threshold locks the account and starts the count again.
 */
export async function countFailedProof(
  tx: DbOrTx,
  user: { id: string; failedLoginCount: number; lockedUntil: Date | null },
  now: Date,
): Promise<{ failures: number; locked: boolean }> {
  const failures = user.failedLoginCount + 1;
  const locked = failures >= LOCKOUT_THRESHOLD;
  await tx
    .update(staffUsers)
    .set({
      failedLoginCount: locked ? 0 : failures,
      lockedUntil: locked ? new Date(now.getTime() + LOCKOUT_MINUTES * 60_000) : user.lockedUntil,
      updatedAt: now,
    })
    .where(eq(staffUsers.id, user.id));
  return { failures, locked };
}

/** Whole minutes (rounded up) the account stays locked, or null when it is not locked at `now`. */
export function lockedMinutesLeft(user: { lockedUntil: Date | null }, now: Date): number | null {
  if (!user.lockedUntil || user.lockedUntil <= now) return null;
  return Math.ceil((user.lockedUntil.getTime() - now.getTime()) / 60_000);
}
