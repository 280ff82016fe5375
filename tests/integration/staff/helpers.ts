import { and, desc, eq } from 'drizzle-orm';
import { generate } from 'otplib';
import { expect } from 'vitest';
import type { Db } from '@/db/connect';
import { auditLog, staffSessions, staffUsers } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actor';
import { signIn } from '@/lib/auth/sign-in';
import { decryptTotpSecret } from '@/lib/auth/totp';
import { beginTotpEnrolmentAction, confirmTotpEnrolmentAction } from '@/lib/actions/account';
import { makeStaff, staffRow, TEST_PASSWORD } from '../../support/fixtures';
import { runAsActor } from '../../support/seams/current-actor';

export async function auditRows(db: Db, entityId: string, action: string) {
  return db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entityId, entityId), eq(auditLog.action, action)))
    .orderBy(desc(auditLog.id));
}

type ActionResult = { serverError?: { code: string }; validationErrors?: unknown; data?: unknown };

/** Every role but admin is refused, and the refusal changes nothing the verb would audit. */
export async function expectRefusedForNonAdmins(
  db: Db,
  call: () => Promise<ActionResult>,
  audited: { entityId: string; action: string },
): Promise<void> {
  const before = (await auditRows(db, audited.entityId, audited.action)).length;
  for (const role of ['manager', 'supervisor', 'finance'] as const) {
    const actor = await makeStaff(db, role);
    const result = await runAsActor(actor, call);
    expect(result.serverError?.code, role).toBe('FORBIDDEN');
    expect(result.data, role).toBeUndefined();
  }
  expect(await auditRows(db, audited.entityId, audited.action)).toHaveLength(before);
}

/** Signs the staff member in (a real session row) and returns its id. */
export async function openSession(db: Db, staff: StaffActor, password = TEST_PASSWORD): Promise<string> {
  const result = await signIn(db, { email: staff.email, password }, { ip: '10.20.0.1', userAgent: 'vitest' });
  if (!result.ok) throw new Error(`sign-in failed: ${result.reason}`);
  return result.sessionId;
}

export async function openSessionsOf(db: Db, staffId: string): Promise<number> {
  const rows = await db.select().from(staffSessions).where(eq(staffSessions.staffId, staffId));
  return rows.filter((r) => r.revokedAt === null).length;
}

/** The code an authenticator app shows `offsetSteps` steps (of 30 s) from now. */
export function totpCodeAt(secret: string, offsetSteps = 0): Promise<string> {
  return generate({ secret, epoch: Math.floor(Date.now() / 1000) + offsetSteps * 30 });
}

/** Enrols the staff member in two-factor sign-in through the actions, as the page does. */
export async function enrolTotp(
  db: Db,
  staff: StaffActor,
  currentPassword = TEST_PASSWORD,
): Promise<{ secret: string; recoveryCodes: string[] }> {
  expect((await runAsActor(staff, () => beginTotpEnrolmentAction({ currentPassword }))).data).toEqual({
    started: true,
  });
  const row = await staffRow(db, staff.staffId);
  const secret = decryptTotpSecret(row.totpSecret!, staff.staffId)!;
  const code = await totpCodeAt(secret);
  const confirmed = await runAsActor(staff, () => confirmTotpEnrolmentAction({ code }));
  expect(confirmed.serverError).toBeUndefined();
  return { secret, recoveryCodes: confirmed.data!.recoveryCodes };
}

export async function activeAdmins(db: Db): Promise<number> {
  const rows = await db
    .select({ id: staffUsers.id })
    .from(staffUsers)
    .where(and(eq(staffUsers.role, 'admin'), eq(staffUsers.active, true)));
  return rows.length;
}

/** Each scenario about "the last administrator" starts from a database where nobody is one. */
export async function demoteEveryAdmin(db: Db): Promise<void> {
  await db.update(staffUsers).set({ role: 'finance' }).where(eq(staffUsers.role, 'admin'));
}
