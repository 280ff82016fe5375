import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Db } from '@/db/connect';
import { orders, storeTerminals } from '@/db/schema';
import { mapTerminalAction } from '@/lib/actions/stores';
import { listStores, listUnassignedTerminals } from '@/lib/stores/list';
import { makeStaff, makeStore } from '../../support/fixtures';
import { testDatabaseForFile } from '../../support/harness';
import { auditRows, expectRefusedForNonAdmins } from './helpers';
import { msg } from '@/lib/shared/messages';
import { runAsActor } from '../../support/seams/current-actor';

const database = testDatabaseForFile({ serverEnv: true });

let n = 0;
async function unassignedOrder(db: Db, tid: string) {
  n += 1;
  const [order] = await db
    .insert(orders)
    .values({ outTradeNo: `MAP${Date.now().toString(36)}${n}`, wallet: 'ALIPAYHK', tid, amountCents: 1000 + n })
    .returning();
  return order!;
}

describe('mapping a terminal to a store', () => {
  it('records the terminal and moves its unassigned orders into the store, audited', async () => {
    const { db } = database;
    const store = await makeStore(db);
    const other = await unassignedOrder(db, 'T-OTHER-9');
    const a = await unassignedOrder(db, 'T-NEW-1');
    const b = await unassignedOrder(db, 'T-NEW-1');
    expect(await listUnassignedTerminals(db)).toEqual(
      expect.arrayContaining([
        { tid: 'T-NEW-1', orders: 2 },
        { tid: 'T-OTHER-9', orders: 1 },
      ]),
    );
    const admin = await makeStaff(db, 'admin');
    const result = await runAsActor(admin, () => mapTerminalAction({ tid: ' T-NEW-1 ', storeId: store.id }));
    expect(result.data).toEqual({ ordersAssigned: 2 });

    for (const order of [a, b]) {
      const [row] = await db.select().from(orders).where(eq(orders.id, order.id));
      expect(row?.storeId).toBe(store.id);
    }
    const [untouched] = await db.select().from(orders).where(eq(orders.id, other.id));
    expect(untouched?.storeId).toBeNull();
    expect((await listStores(db)).find((s) => s.id === store.id)?.tids).toContain('T-NEW-1');
    expect((await listUnassignedTerminals(db)).map((t) => t.tid)).not.toContain('T-NEW-1');

    const [audit] = await auditRows(db, 'T-NEW-1', 'store.terminal_mapped');
    expect(audit).toMatchObject({
      actorStaffId: admin.staffId,
      storeId: store.id,
      before: { tid: 'T-NEW-1', storeId: null },
      after: { tid: 'T-NEW-1', storeId: store.id },
      data: { ordersAssigned: 2 },
    });
  });

  it('refuses a terminal that already belongs to a store, and changes nothing', async () => {
    const { db } = database;
    const owner = await makeStore(db, ['T-OWNED-1']);
    const store = await makeStore(db);
    const admin = await makeStaff(db, 'admin');
    const result = await runAsActor(admin, () => mapTerminalAction({ tid: 'T-OWNED-1', storeId: store.id }));
    expect(result.serverError).toEqual({
      code: 'CONFLICT',
      message: msg('errors.stores.terminal_taken', { tid: 'T-OWNED-1' }),
    });
    const [row] = await db.select().from(storeTerminals).where(eq(storeTerminals.tid, 'T-OWNED-1'));
    expect(row?.storeId).toBe(owner.id);
  });

  it('is refused for every role but admin, and leaves the orders unassigned', async () => {
    const { db } = database;
    const store = await makeStore(db);
    const order = await unassignedOrder(db, 'T-REFUSED-1');
    await expectRefusedForNonAdmins(db, () => mapTerminalAction({ tid: 'T-REFUSED-1', storeId: store.id }), {
      entityId: 'T-REFUSED-1',
      action: 'store.terminal_mapped',
    });
    const [row] = await db.select().from(orders).where(eq(orders.id, order.id));
    expect(row?.storeId).toBeNull();
  });

  it('answers bad input with field errors', async () => {
    const { db } = database;
    const admin = await makeStaff(db, 'admin');
    const bad = await runAsActor(admin, () => mapTerminalAction({ tid: 'T 1; drop', storeId: 'CWB' }));
    expect(bad.validationErrors?.fieldErrors).toEqual({
      tid: [msg('errors.intake.charset')],
      storeId: [msg('errors.stores.store_required')],
    });
    const unknown = await runAsActor(admin, () =>
      mapTerminalAction({ tid: 'T-X', storeId: '00000000-0000-4000-8000-000000000000' }),
    );
    expect(unknown.serverError).toMatchObject({
      code: 'VALIDATION',
      fieldErrors: { storeId: [msg('errors.stores.unknown_store')] },
    });
  });
});
