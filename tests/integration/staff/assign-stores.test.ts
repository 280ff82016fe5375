import { describe, expect, it } from 'vitest';
import { assignStaffStoresAction } from '@/lib/actions/staff';
import { loadStaffActor } from '@/lib/auth/session';
import { makeStaff, makeStore } from '../../support/fixtures';
import { testDatabaseForFile } from '../../support/harness';
import { auditRows, expectRefusedForNonAdmins, openSession } from './helpers';
import { msg } from '@/lib/shared/messages';
import { runAsActor } from '../../support/seams/current-actor';

const database = testDatabaseForFile({ serverEnv: true });

describe('assigning stores', () => {
  it('moves a manager to other stores from their next request on, and audits before → after', async () => {
    const { db } = database;
    const a = await makeStore(db);
    const b = await makeStore(db);
    const c = await makeStore(db);
    const admin = await makeStaff(db, 'admin');
    const manager = await makeStaff(db, 'manager', [a.id]);
    const session = await openSession(db, manager);

    const result = await runAsActor(admin, () =>
      assignStaffStoresAction({ staffId: manager.staffId, storeIds: [c.id, b.id, b.id] }),
    );
    expect(result.data).toEqual({ changed: true });
    const next = await loadStaffActor(db, session, { idleMinutes: 15 });
    expect([...(next?.storeIds ?? [])].sort()).toEqual([b.id, c.id].sort());
    expect(next?.scope).toEqual({ kind: 'stores', storeIds: expect.arrayContaining([b.id, c.id]) });

    const [audit] = await auditRows(db, manager.staffId, 'staff.stores_changed');
    expect(audit).toMatchObject({
      actorStaffId: admin.staffId,
      before: { storeIds: [a.id] },
      after: { storeIds: [b.id, c.id].sort() },
    });
  });

  it('can take every store away: the manager then sees none', async () => {
    const { db } = database;
    const a = await makeStore(db);
    const admin = await makeStaff(db, 'admin');
    const manager = await makeStaff(db, 'manager', [a.id]);
    const session = await openSession(db, manager);
    await runAsActor(admin, () => assignStaffStoresAction({ staffId: manager.staffId, storeIds: [] }));
    expect((await loadStaffActor(db, session, { idleMinutes: 15 }))?.scope).toEqual({ kind: 'stores', storeIds: [] });
  });

  it('is refused for every role but admin', async () => {
    const { db } = database;
    const a = await makeStore(db);
    const b = await makeStore(db);
    const manager = await makeStaff(db, 'manager', [a.id]);
    await expectRefusedForNonAdmins(db, () => assignStaffStoresAction({ staffId: manager.staffId, storeIds: [b.id] }), {
      entityId: manager.staffId,
      action: 'staff.stores_changed',
    });
  });

  it('answers bad input with field errors and changes nothing', async () => {
    const { db } = database;
    const a = await makeStore(db);
    const admin = await makeStaff(db, 'admin');
    const manager = await makeStaff(db, 'manager', [a.id]);
    const bad = await runAsActor(admin, () => assignStaffStoresAction({ staffId: 'x', storeIds: 'CWB' as never }));
    expect(Object.keys(bad.validationErrors?.fieldErrors ?? {}).sort()).toEqual(['staffId', 'storeIds']);
    const unknown = await runAsActor(admin, () =>
      assignStaffStoresAction({ staffId: manager.staffId, storeIds: ['00000000-0000-4000-8000-000000000000'] }),
    );
    expect(unknown.serverError).toMatchObject({
      code: 'VALIDATION',
      fieldErrors: { storeIds: [msg('errors.staff.unknown_store')] },
    });
    expect(await auditRows(db, manager.staffId, 'staff.stores_changed')).toHaveLength(0);
  });
});
