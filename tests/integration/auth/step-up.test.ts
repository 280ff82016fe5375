import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, staffSessions, staffUsers } from '@/db/schema';
import { setLanguageAction, stepUpAction } from '@/lib/actions/account';
import { closeOrdersAction } from '@/lib/actions/close';
import { createRefundAction } from '@/lib/actions/refunds';
import { changeStaffRoleAction } from '@/lib/actions/staff';
import type { StaffActor } from '@/lib/auth/actor';
import { LOCKOUT_THRESHOLD } from '@/lib/auth/lockout';
import { loadStaffActor } from '@/lib/auth/session';
import { signIn } from '@/lib/auth/sign-in';
import { msg } from '@/lib/shared/messages';
import { makeStaff, makeStore, refundInput, staffRow, TEST_PASSWORD } from '../../support/fixtures';
import { testDatabaseForFile } from '../../support/harness';
import { runAsActor } from '../../support/seams/current-actor';
import { uniqueNo } from '../../support/unique';
import { gatewayRefundCalls, paidOrder, refundRows, setPolicy, startRefundGateway } from '../refunds/helpers';
import { enrolTotp, openSession, totpCodeAt } from '../staff/helpers';

/**
 * Step-up (docs/adr/0014): refunding, closing and changing staff need a proof of presence on the
 * session no older than the policy's `stepUpMinutes` — signing in, or a step-up with the
 * authenticator code (staff with two-step sign-in) or the password. Asking for one is not a
 * refusal: nothing is decided or audited. These tests use real sessions: each call loads the
 * actor from its session row, as every request does.
 */

const database = testDatabaseForFile();
const db = () => database.db;
let gw: Awaited<ReturnType<typeof startRefundGateway>>;
let tid: string;
let storeId: string;
let admin: StaffActor;

beforeAll(async () => {
  gw = await startRefundGateway(database.db);
  tid = uniqueNo('TID');
  storeId = (await makeStore(database.db, [tid])).id;
  admin = await makeStaff(database.db, 'admin');
});
afterAll(async () => {
  await gw?.close();
});

const MINUTE = 60_000;
const PASSWORD_ASKED = { code: 'STEP_UP_REQUIRED', message: msg('errors.step_up.required_password') };
const CODE_ASKED = { code: 'STEP_UP_REQUIRED', message: msg('errors.step_up.required_totp') };

/** The signed-in staff member of this session, read from its row as each request does. */
async function actorOf(sessionId: string): Promise<StaffActor> {
  const actor = await loadStaffActor(db(), sessionId, { idleMinutes: 15, ip: '127.0.0.1', userAgent: 'vitest' });
  if (!actor) throw new Error('the session has ended');
  return actor;
}

const inSession = <T>(sessionId: string, fn: () => Promise<T>) =>
  actorOf(sessionId).then((actor) => runAsActor(actor, fn));

/** The session's last proof of presence, `minutesAgo` minutes ago (null: none). */
async function provenAt(sessionId: string, minutesAgo: number | null) {
  const steppedUpAt = minutesAgo === null ? null : new Date(Date.now() - minutesAgo * MINUTE);
  await db().update(staffSessions).set({ steppedUpAt }).where(eq(staffSessions.id, sessionId));
}

async function sessionRow(sessionId: string) {
  const [row] = await db().select().from(staffSessions).where(eq(staffSessions.id, sessionId));
  return row!;
}

async function auditBy(staffId: string) {
  return db().select().from(auditLog).where(eq(auditLog.actorStaffId, staffId)).orderBy(auditLog.seq);
}

async function signedIn(role: 'manager' | 'supervisor' | 'admin') {
  const staff = await makeStaff(db(), role, role === 'admin' ? [] : [storeId]);
  return { staff, sessionId: await openSession(db(), staff) };
}

describe('a protected action without a fresh proof', () => {
  beforeAll(() => setPolicy(database.db, admin));

  for (const [why, minutesAgo] of [
    ['older than the policy’s 5 minutes', 6],
    ['none at all', null],
  ] as const) {
    it(`asks for one when it is ${why}: nothing changes, nothing is audited`, async () => {
      const manager = await signedIn('manager');
      const supervisor = await signedIn('supervisor');
      const boss = await signedIn('admin');
      const target = await makeStaff(db(), 'manager', [storeId]);
      const order = await paidOrder(db(), gw.control, { tid, amountCents: 5_000 });
      for (const { sessionId } of [manager, supervisor, boss]) await provenAt(sessionId, minutesAgo);
      const audited = await Promise.all([manager, supervisor, boss].map(({ staff }) => auditBy(staff.staffId)));

      const refund = await inSession(manager.sessionId, () => createRefundAction(refundInput(order.id, '10.00')));
      const close = await inSession(supervisor.sessionId, () =>
        closeOrdersAction({ orderIds: [order.id], reason: 'Abandoned at the counter' }),
      );
      const role = await inSession(boss.sessionId, () =>
        changeStaffRoleAction({ staffId: target.staffId, role: 'supervisor' }),
      );

      for (const result of [refund, close, role]) {
        expect(result.serverError).toEqual(PASSWORD_ASKED);
        expect(result.data).toBeUndefined();
      }
      expect(await refundRows(db(), order.id)).toHaveLength(0);
      expect(await gatewayRefundCalls(gw.control, order.outTradeNo)).toHaveLength(0);
      expect((await staffRow(db(), target.staffId)).role).toBe('manager');
      // Not a refusal: no action.refused, no row of any kind.
      expect(await Promise.all([manager, supervisor, boss].map(({ staff }) => auditBy(staff.staffId)))).toEqual(
        audited,
      );
    });
  }

  it('does not ask within the policy’s minutes, nor for an action that is not protected', async () => {
    const { sessionId } = await signedIn('manager');
    const order = await paidOrder(db(), gw.control, { tid, amountCents: 5_000 });
    await provenAt(sessionId, 4);
    expect((await inSession(sessionId, () => createRefundAction(refundInput(order.id, '10.00')))).data?.status).toBe(
      'succeeded',
    );
    await provenAt(sessionId, 60);
    expect((await inSession(sessionId, () => setLanguageAction({ locale: 'zh-HK' }))).serverError).toBeUndefined();
  });

  it('asks a staff member with two-step sign-in for the authenticator code', async () => {
    const staff = await makeStaff(db(), 'manager', [storeId]);
    const { recoveryCodes } = await enrolTotp(db(), staff);
    const signed = await signIn(
      db(),
      { email: staff.email, password: TEST_PASSWORD, code: recoveryCodes[0]! },
      { ip: '10.20.0.2', userAgent: 'vitest' },
    );
    if (!signed.ok) throw new Error(signed.reason);
    await provenAt(signed.sessionId, 10);
    const order = await paidOrder(db(), gw.control, { tid, amountCents: 5_000 });
    const result = await inSession(signed.sessionId, () => createRefundAction(refundInput(order.id, '10.00')));
    expect(result.serverError).toEqual(CODE_ASKED);
  });
});

describe('stepping up', () => {
  beforeAll(() => setPolicy(database.db, admin));

  it('with the right password: the proof is renewed, audited, and the action then runs', async () => {
    const { staff, sessionId } = await signedIn('manager');
    await provenAt(sessionId, 30);
    const order = await paidOrder(db(), gw.control, { tid, amountCents: 5_000 });
    const input = refundInput(order.id, '10.00');
    expect((await inSession(sessionId, () => createRefundAction(input))).serverError).toEqual(PASSWORD_ASKED);

    const stepped = await inSession(sessionId, () => stepUpAction({ proof: TEST_PASSWORD }));

    expect(stepped.serverError).toBeUndefined();
    expect(stepped.data).toMatchObject({ method: 'password' });
    const row = await sessionRow(sessionId);
    expect(row.steppedUpAt?.toISOString()).toBe(stepped.data!.steppedUpAt);
    expect(Date.now() - row.steppedUpAt!.getTime()).toBeLessThan(MINUTE);
    const rows = await auditBy(staff.staffId);
    expect(rows.at(-1)).toMatchObject({
      action: 'auth.stepped_up',
      entityId: staff.staffId,
      data: { method: 'password' },
    });
    expect(JSON.stringify(rows)).not.toContain(TEST_PASSWORD);

    // The same form sent again (same idempotency key), as the dialog does.
    const again = await inSession(sessionId, () => createRefundAction(input));
    expect(again.data).toMatchObject({ status: 'succeeded', replayed: false });
    expect(await refundRows(db(), order.id)).toHaveLength(1);
  });

  it('with the authenticator code, for staff with two-step sign-in; the same code twice is refused', async () => {
    const staff = await makeStaff(db(), 'supervisor', [storeId]);
    const { secret, recoveryCodes } = await enrolTotp(db(), staff);
    const signed = await signIn(
      db(),
      { email: staff.email, password: TEST_PASSWORD, code: recoveryCodes[0]! },
      { ip: '10.20.0.3', userAgent: 'vitest' },
    );
    if (!signed.ok) throw new Error(signed.reason);
    const { sessionId } = signed;
    await provenAt(sessionId, 30);

    // Their password is not the proof they are asked for.
    const withPassword = await inSession(sessionId, () => stepUpAction({ proof: TEST_PASSWORD }));
    expect(withPassword.serverError?.fieldErrors).toEqual({ proof: [msg('errors.step_up.code_wrong')] });

    // The next step's code: enrolment spent the current one.
    const code = await totpCodeAt(secret, 1);
    const stepped = await inSession(sessionId, () => stepUpAction({ proof: code }));
    expect(stepped.data).toMatchObject({ method: 'totp' });
    const used = (await auditBy(staff.staffId)).filter((r) => r.action === 'auth.stepped_up');
    expect(used).toEqual([expect.objectContaining({ data: expect.objectContaining({ method: 'totp' }) })]);
    const order = await paidOrder(db(), gw.control, { tid, amountCents: 5_000 });
    expect((await inSession(sessionId, () => createRefundAction(refundInput(order.id, '10.00')))).data?.status).toBe(
      'succeeded',
    );

    await provenAt(sessionId, 30);
    const replayed = await inSession(sessionId, () => stepUpAction({ proof: code }));
    expect(replayed.serverError?.fieldErrors).toEqual({ proof: [msg('errors.step_up.code_wrong')] });
    expect((await sessionRow(sessionId)).steppedUpAt!.getTime()).toBeLessThan(Date.now() - 29 * MINUTE);
    expect((await inSession(sessionId, () => createRefundAction(refundInput(order.id, '1.00')))).serverError).toEqual(
      CODE_ASKED,
    );
  });

  it('with a wrong password: a field error on proof, audited once, counted toward the lockout', async () => {
    const { staff, sessionId } = await signedIn('manager');
    await provenAt(sessionId, 30);
    const before = await sessionRow(sessionId);

    const wrong = await inSession(sessionId, () => stepUpAction({ proof: 'not my password' }));

    expect(wrong.serverError).toEqual({
      code: 'VALIDATION',
      message: msg('errors.validation'),
      fieldErrors: { proof: [msg('errors.step_up.password_wrong')] },
    });
    expect(await sessionRow(sessionId)).toEqual(before);
    expect((await staffRow(db(), staff.staffId)).failedLoginCount).toBe(1);
    const rows = (await auditBy(staff.staffId)).filter((r) => r.action !== 'auth.signed_in');
    expect(rows.map((r) => r.action)).toEqual(['auth.step_up_failed']);
    expect(rows[0]).toMatchObject({
      entityId: staff.staffId,
      data: { method: 'password', failures: 1, locked: false, wasLocked: false },
    });
    expect(JSON.stringify(rows)).not.toContain('not my password');

    // A right proof starts the count again.
    expect((await inSession(sessionId, () => stepUpAction({ proof: TEST_PASSWORD }))).data?.method).toBe('password');
    expect((await staffRow(db(), staff.staffId)).failedLoginCount).toBe(0);
  });

  it(`locks the account at the ${LOCKOUT_THRESHOLD}th wrong proof: then even the right one, and signing in, are refused`, async () => {
    const { staff, sessionId } = await signedIn('manager');
    await provenAt(sessionId, 30);
    await db()
      .update(staffUsers)
      .set({ failedLoginCount: LOCKOUT_THRESHOLD - 1 })
      .where(eq(staffUsers.id, staff.staffId));

    await inSession(sessionId, () => stepUpAction({ proof: 'still not it' }));

    const row = await staffRow(db(), staff.staffId);
    expect(row.lockedUntil!.getTime()).toBeGreaterThan(Date.now() + 14 * MINUTE);
    const right = await inSession(sessionId, () => stepUpAction({ proof: TEST_PASSWORD }));
    expect(right.serverError?.fieldErrors).toEqual({ proof: [msg('errors.step_up.locked', { minutes: 15 })] });
    expect((await sessionRow(sessionId)).steppedUpAt!.getTime()).toBeLessThan(Date.now() - 29 * MINUTE);
    const failed = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.actorStaffId, staff.staffId), eq(auditLog.action, 'auth.step_up_failed')));
    expect(failed.map((r) => (r.data as { locked: boolean; wasLocked: boolean }).wasLocked)).toEqual([false, true]);
    expect(
      await signIn(db(), { email: staff.email, password: TEST_PASSWORD }, { ip: '10.20.0.4', userAgent: 'vitest' }),
    ).toEqual({ ok: false, reason: 'invalid' });
  });

  it('needs a session: a caller without one is not signed in', async () => {
    const result = await runAsActor(admin, () => stepUpAction({ proof: TEST_PASSWORD }));
    expect(result.serverError?.code).toBe('UNAUTHENTICATED');
  });
});

describe('with step-up minutes 0 (asked every time)', () => {
  beforeAll(() => setPolicy(database.db, admin, { stepUpMinutes: '0' }));
  afterAll(() => setPolicy(database.db, admin));

  it('the sign-in’s proof does not count; one step-up allows exactly one protected action', async () => {
    const { sessionId } = await signedIn('manager');
    const order = await paidOrder(db(), gw.control, { tid, amountCents: 5_000 });
    const refund = () => inSession(sessionId, () => createRefundAction(refundInput(order.id, '1.00')));

    expect((await refund()).serverError).toEqual(PASSWORD_ASKED);

    expect((await inSession(sessionId, () => stepUpAction({ proof: TEST_PASSWORD }))).data?.method).toBe('password');
    expect((await refund()).data?.status).toBe('succeeded');
    expect((await sessionRow(sessionId)).steppedUpAt).toBeNull();
    expect((await refund()).serverError).toEqual(PASSWORD_ASKED);
    expect(await refundRows(db(), order.id)).toHaveLength(1);
  });

  it('a step-up left unused for more than two minutes is not used', async () => {
    const { sessionId } = await signedIn('manager');
    const order = await paidOrder(db(), gw.control, { tid, amountCents: 5_000 });
    expect((await inSession(sessionId, () => stepUpAction({ proof: TEST_PASSWORD }))).data?.method).toBe('password');
    await provenAt(sessionId, 3);

    const result = await inSession(sessionId, () => createRefundAction(refundInput(order.id, '1.00')));

    expect(result.serverError).toEqual(PASSWORD_ASKED);
    expect(await refundRows(db(), order.id)).toHaveLength(0);
  });
});
