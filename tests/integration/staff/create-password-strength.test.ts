import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { staffUsers } from '@/db/schema';
import { SYSTEM } from '@/lib/auth/actor';
import { passwordWeakness } from '@/lib/auth/password-strength';
import { ValidationError } from '@/lib/errors';
import { msg } from '@/lib/shared/messages';
import { createStaff } from '@/lib/staff/create';
import { resetStaffPassword } from '@/lib/staff/reset-password';
import { DEMO_USERS } from '@/scripts/demo/accounts';
import { makeStaff } from '../../support/fixtures';
import { testDatabaseForFile } from '../../support/harness';

const database = testDatabaseForFile({ serverEnv: true });

const create = (email: string, name: string, password: string) =>
  createStaff({
    ctx: { db: database.db, actor: SYSTEM },
    input: { email, name, role: 'manager', storeIds: [], password },
  });

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).fieldErrors;
}

describe('a password set at account creation: strength', () => {
  it('refuses guessable passwords, the account’s e-mail and its name, on the password field, in our own words', async () => {
    const email = 'jane.doe.accounts@shop.hk';
    const cases: [string, string][] = [
      ['aaaaaaaaaaaa', 'errors.staff.password_weak_repeats'],
      ['password1234', 'errors.staff.password_weak_common'],
      [email, 'errors.staff.password_has_email'],
      ['wongsiuming2026', 'errors.staff.password_has_personal'],
    ];
    for (const [password, key] of cases) {
      expect(await refusal(create(email, 'Wong Siu Ming', password)), password).toEqual({
        password: [msg(key as Parameters<typeof msg>[0])],
      });
    }
    expect(await database.db.select().from(staffUsers).where(eq(staffUsers.email, email))).toEqual([]);
  });

  it('accepts a strong one', async () => {
    const { id } = await create('strong.choice@shop.hk', 'Strong Choice', 'ferry lantern quietly orbit');
    expect(id).toBeTruthy();
  });

  it('issues one-time passwords, at creation and at an admin’s reset, that pass the same rule', async () => {
    const admin = await makeStaff(database.db, 'admin');
    const target = await makeStaff(database.db, 'manager');
    const created = await createStaff({
      ctx: { db: database.db, actor: admin },
      input: { email: 'otp.user@shop.hk', name: 'Otp User', role: 'finance', storeIds: [] },
    });
    expect(passwordWeakness(created.oneTimePassword!, 'otp.user@shop.hk', ['Otp User'])).toBeNull();
    for (let i = 0; i < 5; i++) {
      const { oneTimePassword } = await resetStaffPassword({
        ctx: { db: database.db, actor: admin },
        input: { staffId: target.staffId },
      });
      expect(passwordWeakness(oneTimePassword, target.email)).toBeNull();
    }
  });

  it('exempts the demo seed’s published passwords explicitly, and only through its own rule', async () => {
    const weak = DEMO_USERS.filter((u) => passwordWeakness(u.password, u.email, [u.name]) !== null);
    expect(weak.length).toBeGreaterThan(0);
    const user = weak[0]!;
    const input = { email: user.email, name: user.name, role: user.role, storeIds: [], password: user.password };
    expect(await refusal(createStaff({ ctx: { db: database.db, actor: SYSTEM }, input }))).toHaveProperty('password');
    const { id } = await createStaff({
      ctx: { db: database.db, actor: SYSTEM },
      input,
      passwordRule: 'demo-seed-only',
    });
    expect(id).toBeTruthy();
  });
});
