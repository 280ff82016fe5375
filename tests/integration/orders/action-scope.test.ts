import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog } from '@/db/schema';
import { refreshOrderAction } from '@/lib/actions/intake';
import { makeStaff, makeStore } from '../../support/fixtures';
import { testDatabaseForFile } from '../../support/harness';
import { insertOrder } from './helpers';
import { msg } from '@/lib/shared/messages';
import { runAsActor } from '../../support/seams/current-actor';

const database = testDatabaseForFile();

describe("order-scoped server actions refuse another store's order", () => {
  it('answers "not found" to refreshOrderAction for an order of a store the manager does not have', async () => {
    const [mine, theirs] = [await makeStore(database.db), await makeStore(database.db)];
    const manager = await makeStaff(database.db, 'manager', [mine.id]);
    const order = await insertOrder(database.db, { storeId: theirs.id });

    const result = await runAsActor(manager, () => refreshOrderAction({ orderId: order.id }));
    expect(result.serverError).toEqual({ code: 'NOT_FOUND', message: msg('errors.not_found.order') });
    expect(result.data).toBeUndefined();
    // Nothing was written about that order.
    expect(await database.db.select().from(auditLog).where(eq(auditLog.orderId, order.id))).toEqual([]);
  });
});
