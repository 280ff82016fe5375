import 'server-only';
import { and, count, eq, gt, sql } from 'drizzle-orm';
import type { Db } from '@/db/connect';
import { auditLog, signInAttempts, staffSessions, staffUsers } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { SYSTEM } from './actor';
import { countFailedProof, LOCKOUT_MINUTES } from './lockout';
import { dummyPasswordHash, verifyPassword } from './password';
import { verifySecondFactor } from './second-factor';

/** Failed attempts allowed from one address per window, across all accounts. */
export const IP_FAILURE_LIMIT = 30;
export const IP_WINDOW_MINUTES = 15;

export type SignInResult =
  | { ok: true; staffId: string; sessionId: string }
  | { ok: false; reason: 'invalid' | 'rate_limited' | 'second_factor_required' };

export interface SignInInput {
  email: string;
  password: string;
  /** TOTP or recovery code, when the account has two-factor sign-in. */
  code?: string;
}

export interface RequestInfo {
  ip: string;
  userAgent: string | null;
}

/**
 * Password (and second-factor) sign-in. Locks the account after LOCKOUT_THRESHOLD consecutive
 * failures; limits failures per address; audits every outcome that is bounded (sign-ins, failures
 * against an account that can be tried, locks, and one `auth.rate_limited` per address and window). Callers show one generic message for
 * every failure so that nothing about the account is revealed.
 */
export async function signIn(
  db: Db,
  input: SignInInput,
  request: RequestInfo,
  now = new Date(),
): Promise<SignInResult> {
  const email = input.email.trim().toLowerCase();
  const actor = { ...SYSTEM, ip: request.ip, userAgent: request.userAgent };

  const windowStart = new Date(now.getTime() - IP_WINDOW_MINUTES * 60_000);
  const [recent] = await db
    .select({ n: count() })
    .from(signInAttempts)
    .where(
      and(eq(signInAttempts.ip, request.ip), eq(signInAttempts.succeeded, false), gt(signInAttempts.at, windowStart)),
    );
  if ((recent?.n ?? 0) >= IP_FAILURE_LIMIT) {
    // Counted as a failure, so that an address that keeps trying stays limited; audited once per
    // address and window, so that anonymous traffic cannot grow the append-only log.
    await db.transaction(async (tx) => {
      await tx.insert(signInAttempts).values({ ip: request.ip, email, succeeded: false, at: now });
      const [audited] = await tx
        .select({ id: auditLog.id })
        .from(auditLog)
        .where(and(eq(auditLog.action, 'auth.rate_limited'), gt(auditLog.at, windowStart), eq(auditLog.ip, request.ip)))
        .limit(1);
      if (!audited) {
        await recordAudit(tx, actor, {
          action: 'auth.rate_limited',
          entityType: 'sign_in',
          data: { email, failures: recent?.n ?? 0, windowMinutes: IP_WINDOW_MINUTES },
        });
      }
    });
    return { ok: false, reason: 'rate_limited' };
  }

  return db.transaction(async (tx) => {
    /**
     * Every failure is counted in sign_in_attempts (the per-address limit reads it; retention trims
     * it). Only a failure against an account that can still be tried is audited: those are bounded
     * by the account's lockout. An unknown e-mail, or an account already locked, is not: anyone can
     * send those without limit (docs/adr/0013-anonymous-traffic-and-retention.md).
     */
    const fail = async (staffId: string | null, why: string, extra?: Record<string, unknown>, audited = true) => {
      await tx.insert(signInAttempts).values({ ip: request.ip, email, succeeded: false, at: now });
      if (audited) {
        await recordAudit(tx, actor, {
          action: 'auth.sign_in_failed',
          entityType: 'staff_user',
          entityId: staffId,
          data: { email, why, ...extra },
        });
      }
      return { ok: false, reason: 'invalid' } as const;
    };

    const [user] = await tx.select().from(staffUsers).where(eq(staffUsers.email, email)).for('update');
    if (!user) {
      await verifyPassword(await dummyPasswordHash(), input.password);
      return fail(null, 'unknown_email', undefined, false);
    }
    if (user.lockedUntil && user.lockedUntil > now) {
      await verifyPassword(await dummyPasswordHash(), input.password);
      return fail(user.id, 'locked', undefined, false);
    }

    const passwordOk = await verifyPassword(user.passwordHash, input.password);
    if (passwordOk && !user.active) return fail(user.id, 'inactive');

    let secondFactorOk = true;
    if (passwordOk && user.totpEnabledAt && user.totpSecret) {
      if (!input.code) return { ok: false, reason: 'second_factor_required' } as const;
      secondFactorOk = await verifySecondFactor(tx, user, input.code, now, { action: 'auth.second_factor_used' });
    }

    if (!passwordOk || !secondFactorOk) {
      const { failures, locked } = await countFailedProof(tx, user, now);
      if (locked) {
        await recordAudit(tx, actor, {
          action: 'auth.locked',
          entityType: 'staff_user',
          entityId: user.id,
          data: { email, minutes: LOCKOUT_MINUTES },
        });
      }
      return fail(user.id, passwordOk ? 'second_factor' : 'password', { failures });
    }

    await tx
      .update(staffUsers)
      .set({ failedLoginCount: 0, lockedUntil: null, lastLoginAt: now, updatedAt: now })
      .where(eq(staffUsers.id, user.id));
    const [session] = await tx
      .insert(staffSessions)
      .values({
        staffId: user.id,
        ip: request.ip,
        userAgent: request.userAgent,
        createdAt: now,
        lastSeenAt: now,
        // Signing in is a proof of presence: the first protected action needs no second one.
        steppedUpAt: now,
      })
      .returning({ id: staffSessions.id });
    await tx.insert(signInAttempts).values({ ip: request.ip, email, succeeded: true, at: now });
    await recordAudit(
      tx,
      { kind: 'staff', staffId: user.id, ...request },
      {
        action: 'auth.signed_in',
        entityType: 'staff_user',
        entityId: user.id,
      },
    );
    return { ok: true, staffId: user.id, sessionId: session!.id } as const;
  });
}

/** Ends a session (sign-out); idempotent. */
export async function endSession(
  db: Db,
  sessionId: string,
  request: Partial<RequestInfo>,
  now = new Date(),
): Promise<void> {
  await db.transaction(async (tx) => {
    const [ended] = await tx
      .update(staffSessions)
      .set({ revokedAt: now })
      .where(and(eq(staffSessions.id, sessionId), sql`${staffSessions.revokedAt} is null`))
      .returning({ staffId: staffSessions.staffId });
    if (!ended) return;
    await recordAudit(
      tx,
      { kind: 'staff', staffId: ended.staffId, ip: request.ip, userAgent: request.userAgent },
      { action: 'auth.signed_out', entityType: 'staff_user', entityId: ended.staffId, data: { sessionId } },
    );
  });
}
