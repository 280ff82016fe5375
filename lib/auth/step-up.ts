import 'server-only';
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/db/connect';
import { staffSessions, staffUsers } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { auditedAs, fieldError, StepUpRequiredError, UnauthenticatedError } from '@/lib/errors';
import { getRefundPolicy } from '@/lib/refunds/policy';
import { parseInput } from '@/lib/validation';
import type { StaffActor } from './actor';
import { countFailedProof, lockedMinutesLeft } from './lockout';
import { verifyPassword } from './password';
import { StepUpInput, type StepUpMethod } from './schemas';
import { verifySecondFactor } from './second-factor';

/**
 * Step-up (docs/adr/0014): refund, approve, reject, close and staff changes need a fresh proof of
 * presence on this session — signing in, or the code from the authenticator app (the password for
 * staff without two-step sign-in) — within the refund policy's `stepUpMinutes`. A counter tablet
 * left signed in cannot be used to move money by whoever picks it up.
 *
 * The proof is kept on the session row (`staff_sessions.stepped_up_at`), so it is the same on every
 * instance and ends with the session. With `stepUpMinutes` 0 every protected action asks (signing
 * in does not count), and the proof is spent by the action that uses it.
 */

/** How long a proof spent by the next action (policy 0) stays usable before it is used. */
const SINGLE_USE_WINDOW_MS = 2 * 60_000;

async function methodOf(db: DbOrTx, staffId: string): Promise<StepUpMethod> {
  const [row] = await db
    .select({ totpEnabledAt: staffUsers.totpEnabledAt })
    .from(staffUsers)
    .where(eq(staffUsers.id, staffId));
  return row?.totpEnabledAt ? 'totp' : 'password';
}

/**
 * Throws `StepUpRequiredError` unless the actor's session holds a proof recent enough for the
 * policy in force. Called by the action client before a protected action runs.
 */
export async function requireStepUp(db: Db, actor: StaffActor, now = new Date()): Promise<void> {
  const { stepUpMinutes } = await getRefundPolicy(db);
  const at = actor.steppedUpAt?.getTime() ?? null;
  if (stepUpMinutes > 0) {
    if (at !== null && now.getTime() - at <= stepUpMinutes * 60_000) return;
    throw new StepUpRequiredError(await methodOf(db, actor.staffId));
  }
  // Asked every time: this action spends the proof, so the next one asks again.
  if (actor.sessionId) {
    const [spent] = await db
      .update(staffSessions)
      .set({ steppedUpAt: null })
      .where(
        and(
          eq(staffSessions.id, actor.sessionId),
          isNull(staffSessions.revokedAt),
          gt(staffSessions.steppedUpAt, new Date(now.getTime() - SINGLE_USE_WINDOW_MS)),
          // A step-up's proof, not the sign-in's: "every time" means after signing in too.
          gt(staffSessions.steppedUpAt, staffSessions.createdAt),
        ),
      )
      .returning({ id: staffSessions.id });
    if (spent) return;
  }
  throw new StepUpRequiredError(await methodOf(db, actor.staffId));
}

/**
 * The signed-in staff member proves they are present: their authenticator code (or a recovery
 * code) when they use two-step sign-in, else their password. Checked under their row's lock; a
 * wrong proof counts toward the sign-in lockout and is audited (`auth.step_up_failed`), and while
 * the account is locked even a right one is refused. A TOTP code is spent: the same code cannot
 * be used twice, here or at sign-in.
 */
export async function stepUp({
  ctx: { db, actor },
  input,
}: {
  ctx: { db: Db; actor: StaffActor };
  input: StepUpInput;
}): Promise<{ method: StepUpMethod; steppedUpAt: string }> {
  const { proof } = parseInput(StepUpInput, input);
  if (!actor.sessionId) throw new UnauthenticatedError();
  const sessionId = actor.sessionId;
  const now = new Date();
  const outcome = await db.transaction(async (tx) => {
    const [me] = await tx.select().from(staffUsers).where(eq(staffUsers.id, actor.staffId)).for('update');
    if (!me) throw new UnauthenticatedError();
    const method: StepUpMethod = me.totpEnabledAt && me.totpSecret ? 'totp' : 'password';
    const lockedMinutes = lockedMinutesLeft(me, now);
    const proven =
      lockedMinutes === null &&
      (method === 'totp'
        ? await verifySecondFactor(tx, me, proof, now, { action: 'auth.stepped_up' })
        : await verifyPassword(me.passwordHash, proof));
    if (!proven) {
      const { failures, locked } = await countFailedProof(tx, me, now);
      await recordAudit(tx, actor, {
        action: 'auth.step_up_failed',
        entityType: 'staff_user',
        entityId: me.id,
        data: { method, failures, locked, wasLocked: lockedMinutes !== null },
      });
      return { ok: false, method, lockedMinutes } as const;
    }
    const [session] = await tx
      .update(staffSessions)
      .set({ steppedUpAt: now })
      .where(and(eq(staffSessions.id, sessionId), isNull(staffSessions.revokedAt)))
      .returning({ id: staffSessions.id });
    if (!session) throw new UnauthenticatedError();
    await tx.update(staffUsers).set({ failedLoginCount: 0, updatedAt: now }).where(eq(staffUsers.id, me.id));
    // A code's use is already audited as `auth.stepped_up` (it records the spent step); a password is recorded here.
    if (method === 'password') {
      await recordAudit(tx, actor, {
        action: 'auth.stepped_up',
        entityType: 'staff_user',
        entityId: me.id,
        data: { method: 'password' },
      });
    }
    return { ok: true, method } as const;
  });
  if (!outcome.ok) {
    const error =
      outcome.lockedMinutes !== null
        ? fieldError('proof', 'errors.step_up.locked', { minutes: outcome.lockedMinutes })
        : fieldError(
            'proof',
            outcome.method === 'totp' ? 'errors.step_up.code_wrong' : 'errors.step_up.password_wrong',
          );
    throw auditedAs(error, 'auth.step_up_failed');
  }
  return { method: outcome.method, steppedUpAt: now.toISOString() };
}
