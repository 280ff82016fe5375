import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { staffRecoveryCodes } from '@/db/schema';
import { beginTotpEnrolmentAction, confirmTotpEnrolmentAction } from '@/lib/actions/account';
import { resetStaffTwoFactorAction } from '@/lib/actions/staff';
import type { StaffActor } from '@/lib/auth/actor';
import { LOCKOUT_THRESHOLD } from '@/lib/auth/lockout';
import { signIn } from '@/lib/auth/sign-in';
import { decryptTotpSecret } from '@/lib/auth/totp';
import { makeStaff, staffRow, TEST_PASSWORD } from '../../support/fixtures';
import { testDatabaseForFile } from '../../support/harness';
import { auditRows, enrolTotp, expectRefusedForNonAdmins, totpCodeAt } from './helpers';
import { msg } from '@/lib/shared/messages';
import { runAsActor } from '../../support/seams/current-actor';

const database = testDatabaseForFile({ serverEnv: true });

let ip = 0;
const request = () => ({ ip: `10.60.${Math.floor(ip / 200)}.${ip++ % 200}`, userAgent: 'vitest' });

const codeAt = totpCodeAt;

/** A code that is certainly wrong now: none of the accepted window's codes. */
async function wrongCode(secret: string): Promise<string> {
  const window = await Promise.all([-1, 0, 1].map((s) => codeAt(secret, s)));
  for (let n = 0; ; n++) {
    const candidate = String(n).padStart(6, '0');
    if (!window.includes(candidate)) return candidate;
  }
}

const enrol = (staff: StaffActor) => enrolTotp(database.db, staff);

describe('enrolling in two-factor sign-in', () => {
  it('keeps the secret encrypted and pending until a code confirms it', async () => {
    const { db } = database;
    const staff = await makeStaff(db, 'manager');
    await runAsActor(staff, () => beginTotpEnrolmentAction({ currentPassword: TEST_PASSWORD }));
    const row = await staffRow(db, staff.staffId);
    const secret = decryptTotpSecret(row.totpSecret!, staff.staffId)!;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(row.totpSecret).not.toContain(secret);
    expect(row.totpEnabledAt).toBeNull();
    // Bound to its row: the same ciphertext does not open for another account.
    expect(decryptTotpSecret(row.totpSecret!, (await makeStaff(db, 'manager')).staffId)).toBeNull();
    // Pending is not in force: the password alone still signs in.
    expect((await signIn(db, { email: staff.email, password: TEST_PASSWORD }, request())).ok).toBe(true);

    const bad = await wrongCode(secret);
    const wrong = await runAsActor(staff, () => confirmTotpEnrolmentAction({ code: bad }));
    expect(wrong.serverError).toMatchObject({ code: 'VALIDATION', fieldErrors: { code: [expect.any(String)] } });
    expect((await staffRow(db, staff.staffId)).totpEnabledAt).toBeNull();
    const malformed = await runAsActor(staff, () => confirmTotpEnrolmentAction({ code: '12ab' }));
    expect(malformed.validationErrors?.fieldErrors).toEqual({ code: [msg('errors.staff.code_format')] });
  });

  it('turns on with a right code, returns ten recovery codes once, and keeps only their hashes', async () => {
    const { db } = database;
    const staff = await makeStaff(db, 'finance');
    const { recoveryCodes } = await enrol(staff);
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes) expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    const stored = await db.select().from(staffRecoveryCodes).where(eq(staffRecoveryCodes.staffId, staff.staffId));
    expect(stored).toHaveLength(10);
    for (const row of stored) {
      expect(row.codeHash).toMatch(/^\$argon2id\$/);
      expect(recoveryCodes.some((c) => row.codeHash.includes(c))).toBe(false);
    }
    expect((await staffRow(db, staff.staffId)).totpEnabledAt).not.toBeNull();
    const [audit] = await auditRows(db, staff.staffId, 'auth.totp_enabled');
    expect(audit).toMatchObject({ before: { totpEnabled: false }, after: { totpEnabled: true, recoveryCodes: 10 } });
    expect(JSON.stringify(audit)).not.toContain(recoveryCodes[0]!);

    // Once on, starting again is refused (an admin resets it instead).
    const again = await runAsActor(staff, () => beginTotpEnrolmentAction({ currentPassword: TEST_PASSWORD }));
    expect(again.serverError).toMatchObject({ code: 'CONFLICT' });
  });
});

describe('signing in with two-factor sign-in on', () => {
  it('asks for the code, accepts the current one once, and refuses it replayed', async () => {
    const { db } = database;
    const staff = await makeStaff(db, 'supervisor');
    const { secret } = await enrol(staff);
    const credentials = { email: staff.email, password: TEST_PASSWORD };
    expect(await signIn(db, credentials, request())).toEqual({ ok: false, reason: 'second_factor_required' });

    // The enrolment used this step's code; the app's next code is within the ±1 step window.
    const code = await codeAt(secret, 1);
    expect((await signIn(db, { ...credentials, code }, request())).ok).toBe(true);
    expect(await signIn(db, { ...credentials, code }, request())).toEqual({ ok: false, reason: 'invalid' });
    // …and so is the enrolment's own code.
    expect(await signIn(db, { ...credentials, code: await codeAt(secret) }, request())).toEqual({
      ok: false,
      reason: 'invalid',
    });
    // A wrong password with a right code reveals nothing either.
    expect(await signIn(db, { ...credentials, password: 'not it', code }, request())).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it(`locks the account after ${LOCKOUT_THRESHOLD} wrong codes`, async () => {
    const { db } = database;
    const staff = await makeStaff(db, 'manager');
    const { secret } = await enrol(staff);
    const credentials = { email: staff.email, password: TEST_PASSWORD };
    const wrong = await wrongCode(secret);
    for (let i = 1; i < LOCKOUT_THRESHOLD; i++) {
      expect(await signIn(db, { ...credentials, code: wrong }, request())).toEqual({ ok: false, reason: 'invalid' });
      expect((await staffRow(db, staff.staffId)).failedLoginCount).toBe(i);
    }
    await signIn(db, { ...credentials, code: wrong }, request());
    const row = await staffRow(db, staff.staffId);
    expect(row.lockedUntil!.getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);
    // Locked: even the right code is refused now.
    expect(await signIn(db, { ...credentials, code: await codeAt(secret, 1) }, request())).toEqual({
      ok: false,
      reason: 'invalid',
    });
    const failures = await auditRows(db, staff.staffId, 'auth.sign_in_failed');
    expect(failures.filter((r) => (r.data as { why?: string }).why === 'second_factor')).toHaveLength(
      LOCKOUT_THRESHOLD,
    );
    expect(await auditRows(db, staff.staffId, 'auth.locked')).toHaveLength(1);
  });

  it('accepts each recovery code once, typed in any case and with or without its dash', async () => {
    const { db } = database;
    const staff = await makeStaff(db, 'manager');
    const { recoveryCodes } = await enrol(staff);
    const credentials = { email: staff.email, password: TEST_PASSWORD };
    const [first, second] = recoveryCodes;
    expect((await signIn(db, { ...credentials, code: first! }, request())).ok).toBe(true);
    expect(await signIn(db, { ...credentials, code: first! }, request())).toEqual({ ok: false, reason: 'invalid' });
    expect((await signIn(db, { ...credentials, code: second!.replace('-', '').toUpperCase() }, request())).ok).toBe(
      true,
    );
    const used = await db.select().from(staffRecoveryCodes).where(eq(staffRecoveryCodes.staffId, staff.staffId));
    expect(used.filter((r) => r.usedAt !== null)).toHaveLength(2);
  });
});

describe('an administrator resetting two-factor sign-in (a lost phone)', () => {
  it('removes the authenticator and the recovery codes, and audits', async () => {
    const { db } = database;
    const admin = await makeStaff(db, 'admin');
    const staff = await makeStaff(db, 'manager');
    await enrol(staff);
    const result = await runAsActor(admin, () => resetStaffTwoFactorAction({ staffId: staff.staffId }));
    expect(result.data).toEqual({ changed: true });
    const row = await staffRow(db, staff.staffId);
    expect(row.totpSecret).toBeNull();
    expect(row.totpEnabledAt).toBeNull();
    expect(await db.select().from(staffRecoveryCodes).where(eq(staffRecoveryCodes.staffId, staff.staffId))).toEqual([]);
    expect((await signIn(db, { email: staff.email, password: TEST_PASSWORD }, request())).ok).toBe(true);
    const [audit] = await auditRows(db, staff.staffId, 'staff.two_factor_reset');
    expect(audit).toMatchObject({
      actorStaffId: admin.staffId,
      before: { totpEnabled: true },
      after: { totpEnabled: false },
    });
  });

  it('is refused for every role but admin, and answers bad input with field errors', async () => {
    const { db } = database;
    const staff = await makeStaff(db, 'manager');
    await enrol(staff);
    await expectRefusedForNonAdmins(db, () => resetStaffTwoFactorAction({ staffId: staff.staffId }), {
      entityId: staff.staffId,
      action: 'staff.two_factor_reset',
    });
    expect((await staffRow(db, staff.staffId)).totpEnabledAt).not.toBeNull();
    const admin = await makeStaff(db, 'admin');
    const bad = await runAsActor(admin, () => resetStaffTwoFactorAction({ staffId: 'me' }));
    expect(bad.validationErrors?.fieldErrors).toEqual({ staffId: [msg('errors.staff.unknown_staff')] });
  });
});
