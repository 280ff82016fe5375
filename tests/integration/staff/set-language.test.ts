import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { setLanguageAction } from '@/lib/actions/account';
import { loadStaffActor } from '@/lib/auth/session';
import { signIn } from '@/lib/auth/sign-in';
import { ValidationError } from '@/lib/errors';
import { msg } from '@/lib/shared/messages';
import { setLanguage } from '@/lib/staff/set-language';
import { makeStaff, staffRow, TEST_PASSWORD } from '../../support/fixtures';
import { testDatabaseForFile } from '../../support/harness';
import { runAsActor } from '../../support/seams/current-actor';
import { auditRows } from './helpers';

const database = testDatabaseForFile({ serverEnv: true });

const AUDITED = 'staff.language_changed';

describe('choosing one’s console language', () => {
  it('stores it on the account, audits the change, and the next sign-in reads it', async () => {
    const { db } = database;
    const staff = await makeStaff(db, 'manager');
    expect((await staffRow(db, staff.staffId)).locale).toBeNull();

    const result = await runAsActor(staff, () => setLanguageAction({ locale: 'zh-HK' }));
    expect(result).toEqual({ data: { locale: 'zh-HK', changed: true } });
    expect((await staffRow(db, staff.staffId)).locale).toBe('zh-HK');

    const [audit, ...more] = await auditRows(db, staff.staffId, AUDITED);
    expect(more).toHaveLength(0);
    expect(audit).toMatchObject({
      actorKind: 'staff',
      actorStaffId: staff.staffId,
      entityType: 'staff_user',
      before: { locale: null },
      after: { locale: 'zh-HK' },
    });

    // The request's one read of the actor brings the language with it (lib/i18n/request.ts).
    const signedIn = await signIn(
      db,
      { email: staff.email, password: TEST_PASSWORD },
      { ip: '10.80.0.1', userAgent: 'vitest' },
    );
    if (!signedIn.ok) throw new Error(signedIn.reason);
    expect((await loadStaffActor(db, signedIn.sessionId, { idleMinutes: 15 }))?.locale).toBe('zh-HK');
  });

  it('switches back, audited again; choosing the language one already has changes nothing', async () => {
    const { db } = database;
    const staff = await makeStaff(db, 'finance');
    await runAsActor(staff, () => setLanguageAction({ locale: 'zh-HK' }));
    const back = await runAsActor(staff, () => setLanguageAction({ locale: 'en' }));
    expect(back.data).toEqual({ locale: 'en', changed: true });
    expect((await staffRow(db, staff.staffId)).locale).toBe('en');
    const again = await runAsActor(staff, () => setLanguageAction({ locale: 'en' }));
    expect(again.data).toEqual({ locale: 'en', changed: false });

    const audits = await auditRows(db, staff.staffId, AUDITED);
    expect(audits.map((a) => [a.before, a.after])).toEqual([
      [{ locale: 'zh-HK' }, { locale: 'en' }],
      [{ locale: null }, { locale: 'zh-HK' }],
    ]);
  });

  it('changes only the caller’s own account', async () => {
    const { db } = database;
    const admin = await makeStaff(db, 'admin');
    const colleague = await makeStaff(db, 'supervisor');
    // An extra field naming someone else is not part of the input; the caller's account changes.
    const result = await runAsActor(admin, () =>
      setLanguageAction({ locale: 'zh-HK', staffId: colleague.staffId } as { locale: 'zh-HK' }),
    );
    expect(result.data).toEqual({ locale: 'zh-HK', changed: true });
    expect((await staffRow(db, admin.staffId)).locale).toBe('zh-HK');
    expect((await staffRow(db, colleague.staffId)).locale).toBeNull();
    expect(await auditRows(db, colleague.staffId, AUDITED)).toHaveLength(0);
  });

  it.each([
    ['an unknown language', { locale: 'fr' }],
    ['another spelling of a known one', { locale: 'zh-hk' }],
    ['Simplified Chinese', { locale: 'zh-CN' }],
    ['no language', {}],
    ['null', { locale: null }],
    ['a number', { locale: 1 }],
  ])('refuses %s with a field error, and changes nothing', async (_what, input) => {
    const { db } = database;
    const staff = await makeStaff(db, 'manager');
    const result = await runAsActor(staff, () => setLanguageAction(input as { locale: 'en' }));
    expect(result.data).toBeUndefined();
    const fieldErrors = (result.validationErrors as { fieldErrors?: Record<string, string[]> } | undefined)
      ?.fieldErrors;
    expect(fieldErrors?.locale, JSON.stringify(result)).toEqual([msg('errors.invalid')]);
    expect((await staffRow(db, staff.staffId)).locale).toBeNull();
    expect(await auditRows(db, staff.staffId, AUDITED)).toHaveLength(0);
  });

  it('the verb itself refuses bad input (jobs and tests call it without the action client)', async () => {
    const { db } = database;
    const staff = await makeStaff(db, 'manager');
    const call = setLanguage({ ctx: { db, actor: staff }, input: { locale: 'de' } as never });
    await expect(call).rejects.toBeInstanceOf(ValidationError);
    await expect(call).rejects.toMatchObject({ code: 'VALIDATION', fieldErrors: { locale: [msg('errors.invalid')] } });
    expect((await staffRow(db, staff.staffId)).locale).toBeNull();
    expect(await auditRows(db, staff.staffId, AUDITED)).toHaveLength(0);
  });

  it('the database holds only known languages, or null', async () => {
    const { db } = database;
    const staff = await makeStaff(db, 'manager');
    await expect(db.execute(sql`update staff_users set locale = 'fr' where id = ${staff.staffId}`)).rejects.toThrow();
    await db.execute(sql`update staff_users set locale = null where id = ${staff.staffId}`);
    expect((await staffRow(db, staff.staffId)).locale).toBeNull();
  });

  it('refuses a signed-out caller', async () => {
    const result = await runAsActor(null, () => setLanguageAction({ locale: 'zh-HK' }));
    expect(result.serverError?.code).toBe('UNAUTHENTICATED');
  });
});
