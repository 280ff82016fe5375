import { count, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, signInAttempts, staffStores, staffUsers } from '@/db/schema';
import { LOCKOUT_THRESHOLD } from '@/lib/auth/lockout';
import { loadStaffActor } from '@/lib/auth/session';
import { IP_FAILURE_LIMIT, IP_WINDOW_MINUTES, signIn } from '@/lib/auth/sign-in';
import { dbErrorOf } from '../../support/db';
import { makeStaff, makeStore, staffRow, TEST_PASSWORD } from '../../support/fixtures';
import { testDatabaseForFile } from '../../support/harness';

const database = testDatabaseForFile();

const request = (ip = '10.0.0.1') => ({ ip, userAgent: 'vitest' });

describe('signing in', () => {
  it('signs in with the right password, opens a session and audits it', async () => {
    const { db } = database;
    const staff = await makeStaff(db, 'manager');
    const result = await signIn(db, { email: staff.email.toUpperCase(), password: TEST_PASSWORD }, request());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const actor = await loadStaffActor(db, result.sessionId, { idleMinutes: 15 });
    expect(actor?.staffId).toBe(staff.staffId);
    const rows = await db.select().from(auditLog).where(eq(auditLog.entityId, staff.staffId));
    expect(rows.map((r) => r.action)).toContain('auth.signed_in');
  });

  it('refuses a wrong password with the same answer as an unknown email', async () => {
    const { db } = database;
    const staff = await makeStaff(db, 'manager');
    const wrong = await signIn(db, { email: staff.email, password: 'not the password' }, request('10.0.0.2'));
    const unknown = await signIn(db, { email: 'nobody@test.local', password: 'whatever' }, request('10.0.0.2'));
    expect(wrong).toEqual({ ok: false, reason: 'invalid' });
    expect(unknown).toEqual({ ok: false, reason: 'invalid' });
  });

  it(`locks the account for 15 minutes after ${LOCKOUT_THRESHOLD} consecutive failures`, async () => {
    const { db } = database;
    const staff = await makeStaff(db, 'manager');
    const now = new Date('2026-11-23T10:00:00Z');
    for (let i = 0; i < LOCKOUT_THRESHOLD; i++) {
      await signIn(db, { email: staff.email, password: `wrong-${i}` }, request(`10.1.0.${i}`), now);
    }
    const row = await staffRow(db, staff.staffId);
    expect(row.lockedUntil?.toISOString()).toBe('2026-11-23T10:15:00.000Z');
    // Even the right password is refused while locked…
    const during = await signIn(
      db,
      { email: staff.email, password: TEST_PASSWORD },
      request('10.1.1.1'),
      new Date('2026-11-23T10:14:00Z'),
    );
    expect(during.ok).toBe(false);
    // …and accepted once the lock has passed.
    const after = await signIn(
      db,
      { email: staff.email, password: TEST_PASSWORD },
      request('10.1.1.2'),
      new Date('2026-11-23T10:16:00Z'),
    );
    expect(after.ok).toBe(true);
    const actions = (await db.select().from(auditLog).where(eq(auditLog.entityId, staff.staffId))).map((r) => r.action);
    expect(actions.filter((a) => a === 'auth.locked')).toHaveLength(1);
    // The failures that led to the lock are audited; the attempt made while locked is counted, not audited.
    expect(actions.filter((a) => a === 'auth.sign_in_failed')).toHaveLength(LOCKOUT_THRESHOLD);
    const whileLocked = await db.select().from(signInAttempts).where(eq(signInAttempts.ip, '10.1.1.1'));
    expect(whileLocked).toMatchObject([{ email: staff.email, succeeded: false }]);
  });

  it('does not lock after 9 failures followed by a success', async () => {
    const { db } = database;
    const staff = await makeStaff(db, 'manager');
    for (let i = 0; i < LOCKOUT_THRESHOLD - 1; i++) {
      await signIn(db, { email: staff.email, password: 'wrong' }, request(`10.2.0.${i}`));
    }
    expect((await signIn(db, { email: staff.email, password: TEST_PASSWORD }, request('10.2.1.1'))).ok).toBe(true);
    expect((await staffRow(db, staff.staffId)).failedLoginCount).toBe(0);
  });

  it('rate-limits failures from one address across accounts', async () => {
    const { db } = database;
    const staff = await makeStaff(db, 'finance');
    for (let i = 0; i < IP_FAILURE_LIMIT; i++) {
      await signIn(db, { email: `ghost${i}@test.local`, password: 'x' }, request('10.9.9.9'));
    }
    const result = await signIn(db, { email: staff.email, password: TEST_PASSWORD }, request('10.9.9.9'));
    expect(result).toEqual({ ok: false, reason: 'rate_limited' });
    expect((await signIn(db, { email: staff.email, password: TEST_PASSWORD }, request('10.9.9.10'))).ok).toBe(true);
  });

  it('audits 1,000 unknown-email failures from one address as one auth.rate_limited row, and counts them all', async () => {
    const { db } = database;
    const ip = '10.8.8.8';
    const t0 = new Date();
    const reasons = new Map<string, number>();
    for (let i = 0; i < 1_000; i++) {
      const result = await signIn(db, { email: `nobody${i}@test.local`, password: 'x' }, request(ip), t0);
      const reason = result.ok ? 'ok' : result.reason;
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
    expect(Object.fromEntries(reasons)).toEqual({ invalid: IP_FAILURE_LIMIT, rate_limited: 1_000 - IP_FAILURE_LIMIT });
    const audited = await db.select().from(auditLog).where(eq(auditLog.ip, ip));
    expect(audited.map((r) => r.action)).toEqual(['auth.rate_limited']);
    const [attempts] = await db.select({ n: count() }).from(signInAttempts).where(eq(signInAttempts.ip, ip));
    expect(attempts?.n).toBe(1_000);
    // Once the window has passed the address may try again; an unknown e-mail is still not audited.
    const later = new Date(t0.getTime() + (IP_WINDOW_MINUTES + 1) * 60_000);
    expect(await signIn(db, { email: 'nobody@test.local', password: 'x' }, request(ip), later)).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(await db.select().from(auditLog).where(eq(auditLog.ip, ip))).toHaveLength(1);
  });

  it('does not audit a failure for an unknown e-mail, but does one against an existing account', async () => {
    const { db } = database;
    const staff = await makeStaff(db, 'manager');
    await signIn(db, { email: 'no-such-person@test.local', password: 'x' }, request('10.8.9.1'));
    await signIn(db, { email: staff.email, password: 'not the password' }, request('10.8.9.2'));
    expect(await db.select().from(auditLog).where(eq(auditLog.ip, '10.8.9.1'))).toEqual([]);
    const known = await db.select().from(auditLog).where(eq(auditLog.ip, '10.8.9.2'));
    expect(known).toMatchObject([{ action: 'auth.sign_in_failed', entityId: staff.staffId }]);
    const [counted] = await db.select({ n: count() }).from(signInAttempts).where(eq(signInAttempts.ip, '10.8.9.1'));
    expect(counted?.n).toBe(1);
  });

  it('refuses a deactivated user, and ends their open sessions at the next request', async () => {
    const { db } = database;
    const staff = await makeStaff(db, 'supervisor');
    const first = await signIn(db, { email: staff.email, password: TEST_PASSWORD }, request());
    if (!first.ok) throw new Error('expected sign-in');
    await db.update(staffUsers).set({ active: false }).where(eq(staffUsers.id, staff.staffId));
    expect(await loadStaffActor(db, first.sessionId, { idleMinutes: 15 })).toBeNull();
    expect(await signIn(db, { email: staff.email, password: TEST_PASSWORD }, request())).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });
});

describe('sessions', () => {
  it('applies a role change and a store move on the next request', async () => {
    const { db } = database;
    const a = await makeStore(db);
    const b = await makeStore(db);
    const staff = await makeStaff(db, 'manager', [a.id]);
    const result = await signIn(db, { email: staff.email, password: TEST_PASSWORD }, request());
    if (!result.ok) throw new Error('expected sign-in');
    const before = await loadStaffActor(db, result.sessionId, { idleMinutes: 15 });
    expect(before).toMatchObject({ role: 'manager', storeIds: [a.id], scope: { kind: 'stores', storeIds: [a.id] } });

    await db.update(staffUsers).set({ role: 'finance' }).where(eq(staffUsers.id, staff.staffId));
    await db.delete(staffStores).where(eq(staffStores.staffId, staff.staffId));
    await db.insert(staffStores).values({ staffId: staff.staffId, storeId: b.id });
    const after = await loadStaffActor(db, result.sessionId, { idleMinutes: 15 });
    expect(after).toMatchObject({ role: 'finance', storeIds: [b.id], scope: { kind: 'all' } });
  });

  it('expires a session idle for longer than the limit', async () => {
    const { db } = database;
    const staff = await makeStaff(db, 'manager');
    const t0 = new Date('2026-11-23T09:00:00Z');
    const result = await signIn(db, { email: staff.email, password: TEST_PASSWORD }, request('10.3.0.1'), t0);
    if (!result.ok) throw new Error('expected sign-in');
    const at = (min: number) => new Date(t0.getTime() + min * 60_000);
    expect(await loadStaffActor(db, result.sessionId, { idleMinutes: 15, now: at(10) })).not.toBeNull();
    // Activity at minute 10 moved the idle clock: minute 24 is still within 15 minutes of it.
    expect(await loadStaffActor(db, result.sessionId, { idleMinutes: 15, now: at(24) })).not.toBeNull();
    expect(await loadStaffActor(db, result.sessionId, { idleMinutes: 15, now: at(40) })).toBeNull();
    // Once expired it stays expired.
    expect(await loadStaffActor(db, result.sessionId, { idleMinutes: 15, now: at(41) })).toBeNull();
  });
});

describe('the audit log', () => {
  it('rejects UPDATE, DELETE and TRUNCATE, even from the role that owns the table', async () => {
    // With two roles the console's own role may not even try (tests/integration/security/db-roles.test.ts);
    // the triggers are what stops the owner, and one role that is both.
    const { db } = await database.asOwner();
    await makeStaff(database.db, 'admin');
    const [row] = await db.select().from(auditLog).limit(1);
    expect(row).toBeDefined();
    expect(await dbErrorOf(db.update(auditLog).set({ action: 'tampered' }).where(eq(auditLog.id, row!.id)))).toMatch(
      /append-only: UPDATE/,
    );
    expect(await dbErrorOf(db.delete(auditLog).where(eq(auditLog.id, row!.id)))).toMatch(/append-only: DELETE/);
    expect(await dbErrorOf(db.execute(sql`truncate audit_log`))).toMatch(/append-only: TRUNCATE/);
    const [still] = await db.select().from(auditLog).where(eq(auditLog.id, row!.id));
    expect(still?.action).toBe(row!.action);
  });
});
