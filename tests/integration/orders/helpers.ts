import type { Db } from '@/db/connect';
import { orders } from '@/db/schema';
import { uniqueNo } from '../../support/unique';

export type NewOrder = typeof orders.$inferInsert;

/** Inserts an order straight through Drizzle — the data layer is what these tests exercise. */
export async function insertOrder(db: Db, values: Partial<NewOrder> & { storeId: string | null }) {
  const [row] = await db
    .insert(orders)
    .values({
      outTradeNo: uniqueNo('O'),
      wallet: 'ALIPAYHK',
      amountCents: 10_000,
      status: 'paid',
      ...values,
    })
    .returning();
  return row!;
}
