import type { Db } from '@/db/connect';
import { orders } from '@/db/schema';

let counter = 0;

/** A unique suffix, so files sharing a Postgres template never collide on out_trade_no. */
export function unique(prefix = 'O'): string {
  counter += 1;
  return `${prefix}${Date.now().toString(36).toUpperCase()}${counter.toString(36).toUpperCase()}`.slice(0, 28);
}

export type NewOrder = typeof orders.$inferInsert;

/** Inserts an order straight through Drizzle — the data layer is what these tests exercise. */
export async function insertOrder(db: Db, values: Partial<NewOrder> & { storeId: string | null }) {
  const [row] = await db
    .insert(orders)
    .values({
      outTradeNo: unique(),
      wallet: 'ALIPAYHK',
      amountCents: 10_000,
      status: 'paid',
      ...values,
    })
    .returning();
  return row!;
}
