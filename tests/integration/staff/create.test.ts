import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { staffStores } from '@/db/schema';
import { createStaffAction } from '@/lib/actions/staff';
import { verifyPassword } from '@/lib/auth/password';
import { signIn } from '@/lib/auth/sign-in';
import { makeStaff, makeStore, staffRow } from '../../support/fixtures';
import { testDatabaseForFile } from '../../support/harness';
import { auditRows, expectRefusedForNonAdmins } from './helpers';
import { msg } from '@/lib/shared/messages';
import { runAsActor } from '../../support/seams/current-actor';

const database = testDatabaseForFile({ serverEnv: true });

describe('creating a staff member', () => {
  it('creates the account with a one-time password that must be changed, and audits it', async () => {
    const { db } = database;
    const store = await makeStore(db);
    const admin = await makeStaff(db, 'admin');
    const result = await runAsActor(admin, () =>
      createStaffAction({ email: ' New.Manager@Shop.HK ', name: 'Nina New', role: 'manager', storeIds: [store.id] }),
    );
    expect(result.serverError).toBeUndefined();
    const { id, oneTimePassword } = result.data!;
    expect(oneTimePassword).toMatch(/^[A-Za-z0-9]{4}(-[A-Za-z0-9]{4}){3}$/);

    const row = await staffRow(db, id);
    expect(row).toMatchObject({
      email: 'new.manager@shop.hk',
      role: 'manager',
      active: true,
      mustChangePassword: true,
    });
    expect(await verifyPassword(row.passwordHash, oneTimePassword!)).toBe(true);
    const stores = await db.select().from(staffStores).where(eq(staffStores.staffId, id));
    expect(stores.map((s) => s.storeId)).toEqual([store.id]);

    const [audit] = await auditRows(db, id, 'staff.created');
    expect(audit).toMatchObject({ actorStaffId: admin.staffId, before: null });
    expect(audit!.after).toEqual({
      email: 'new.manager@shop.hk',
      name: 'Nina New',
      role: 'manager',
      storeIds: [store.id],
      active: true,
      mustChangePassword: true,
    });
    // The password is in the answer once, and nowhere in the audit trail.
    expect(JSON.stringify(audit)).not.toContain(oneTimePassword!);

    // The one-time password signs in.
    const signedIn = await signIn(
      db,
      { email: 'new.manager@shop.hk', password: oneTimePassword! },
      { ip: '10.30.0.1', userAgent: 'vitest' },
    );
    expect(signedIn.ok).toBe(true);
  });

  it('issues a different one-time password every time', async () => {
    const { db } = database;
    const admin = await makeStaff(db, 'admin');
    const a = await runAsActor(admin, () => createStaffAction({ email: 'otp-a@shop.hk', name: 'A', role: 'finance' }));
    const b = await runAsActor(admin, () => createStaffAction({ email: 'otp-b@shop.hk', name: 'B', role: 'finance' }));
    expect(a.data?.oneTimePassword).toBeTruthy();
    expect(a.data?.oneTimePassword).not.toBe(b.data?.oneTimePassword);
  });

  it('is refused for every role but admin, and creates nothing', async () => {
    const { db } = database;
    const email = 'refused-create@shop.hk';
    await expectRefusedForNonAdmins(db, () => createStaffAction({ email, name: 'Nope', role: 'admin' }), {
      entityId: email,
      action: 'staff.created',
    });
    const admin = await makeStaff(db, 'admin');
    // Nothing was created: the address is still free.
    const created = await runAsActor(admin, () => createStaffAction({ email, name: 'Now', role: 'manager' }));
    expect(created.serverError).toBeUndefined();
  });

  it('answers bad input with field errors and creates nothing', async () => {
    const { db } = database;
    const admin = await makeStaff(db, 'admin');
    const bad = await runAsActor(admin, () =>
      createStaffAction({ email: 'not-an-email', name: '  ', role: 'owner' as never }),
    );
    expect(Object.keys(bad.validationErrors?.fieldErrors ?? {}).sort()).toEqual(['email', 'name', 'role']);
    expect(bad.validationErrors?.fieldErrors.email).toEqual([msg('errors.staff.email_invalid')]);

    const unknownStore = await runAsActor(admin, () =>
      createStaffAction({
        email: 'ghost-store@shop.hk',
        name: 'G',
        role: 'manager',
        storeIds: ['00000000-0000-4000-8000-000000000000'],
      }),
    );
    expect(unknownStore.serverError).toMatchObject({
      code: 'VALIDATION',
      fieldErrors: { storeIds: [msg('errors.staff.unknown_store')] },
    });

    await makeStaff(db, 'manager', [], { email: 'taken@shop.hk' });
    const duplicate = await runAsActor(admin, () =>
      createStaffAction({ email: 'TAKEN@shop.hk', name: 'Dup', role: 'manager' }),
    );
    expect(duplicate.serverError).toMatchObject({
      code: 'VALIDATION',
      fieldErrors: { email: [msg('errors.staff.email_taken')] },
    });
  });
});
