import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, staffSessions } from '@/db/schema';
import { loadStaffActor } from '@/lib/auth/session';
import { signIn } from '@/lib/auth/sign-in';
import { makeStaff, TEST_PASSWORD } from '../../support/fixtures';
import { testDatabaseForFile } from '../../support/harness';

const database = testDatabaseForFile();

const SIGNED_IN_AT = new Date('2026-11-23T01:00:00Z');
const MINUTE = 60_000;
const options = (now: Date) => ({ idleMinutes: 15, maxHours: 12, now });

async function openSession() {
  const staff = await makeStaff(database.db, 'manager');
  const result = await signIn(
    database.db,
    { email: staff.email, password: TEST_PASSWORD },
    { ip: '10.9.0.1', userAgent: 'vitest' },
    SIGNED_IN_AT,
  );
  if (!result.ok) throw new Error(`sign-in failed: ${result.reason}`);
  return { staff, sessionId: result.sessionId };
}

/** Uses the session every 14 minutes (never idle long enough to end) until `until`. */
async function stayActive(sessionId: string, until: Date) {
  for (let t = SIGNED_IN_AT.getTime() + 14 * MINUTE; t < until.getTime(); t += 14 * MINUTE) {
    const actor = await loadStaffActor(database.db, sessionId, options(new Date(t)));
    if (!actor) throw new Error(`the session ended early, at ${new Date(t).toISOString()}`);
  }
}

describe('the absolute session lifetime', () => {
  it('keeps an active session until its maximum age', async () => {
    const { staff, sessionId } = await openSession();
    const justBefore = new Date(SIGNED_IN_AT.getTime() + 12 * 60 * MINUTE - MINUTE);
    await stayActive(sessionId, justBefore);
    expect((await loadStaffActor(database.db, sessionId, options(justBefore)))?.staffId).toBe(staff.staffId);
  });

  it('ends a session older than the maximum at the next request, even though it was active, and audits it', async () => {
    const { staff, sessionId } = await openSession();
    const after = new Date(SIGNED_IN_AT.getTime() + 12 * 60 * MINUTE + MINUTE);
    await stayActive(sessionId, after);
    expect(await loadStaffActor(database.db, sessionId, options(after))).toBeNull();

    const [row] = await database.db.select().from(staffSessions).where(eq(staffSessions.id, sessionId));
    expect(row?.revokedAt?.toISOString()).toBe(after.toISOString());
    const audits = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, staff.staffId), eq(auditLog.action, 'auth.session_expired')));
    expect(audits).toHaveLength(1);
    expect(audits[0]!.data).toMatchObject({ sessionId, reason: 'max_age' });
    // Ended for good: a later request within the idle window does not revive it.
    expect(await loadStaffActor(database.db, sessionId, options(new Date(after.getTime() + MINUTE)))).toBeNull();
  });

  it('honours a shorter configured maximum', async () => {
    const { sessionId } = await openSession();
    const at = new Date(SIGNED_IN_AT.getTime() + 61 * MINUTE);
    await stayActive(sessionId, at);
    expect(await loadStaffActor(database.db, sessionId, { idleMinutes: 15, maxHours: 1, now: at })).toBeNull();
  });
});
