import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { setDatabase } from '@/db/client';
import { auditLog } from '@/db/schema';
import { refreshOrderAction } from '@/lib/actions/intake';
import { runAsActor } from '@/lib/auth/current';
import { createTestDatabase } from '../../support/db';
import { makeStaff, makeStore } from '../../support/fixtures';
import { insertOrder } from './helpers';

vi.mock('next/cache', () => ({ revalidatePath: vi.fn() }));

let database: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  database = await createTestDatabase();
  setDatabase(database);
});
afterAll(() => database.drop());

describe("order-scoped server actions refuse another store's order", () => {
  it('answers "not found" to refreshOrderAction for an order of a store the manager does not have', async () => {
    const [mine, theirs] = [await makeStore(database.db), await makeStore(database.db)];
    const manager = await makeStaff(database.db, 'manager', [mine.id]);
    const order = await insertOrder(database.db, { storeId: theirs.id });

    const result = await runAsActor(manager, () => refreshOrderAction({ orderId: order.id }));
    expect(result.serverError).toEqual({ code: 'NOT_FOUND', message: 'Order not found.' });
    expect(result.data).toBeUndefined();
    // Nothing was written about that order.
    expect(await database.db.select().from(auditLog).where(eq(auditLog.orderId, order.id))).toEqual([]);
  });
});
