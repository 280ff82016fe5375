import 'server-only';
import { and, asc, count, eq, inArray, isNotNull, isNull, notExists } from 'drizzle-orm';
import type { DbOrTx } from '@/db/connect';
import { orders, stores, storeTerminals } from '@/db/schema';

export interface StoreWithTerminals {
  id: string;
  code: string;
  name: string;
  tids: string[];
}

export async function listStores(db: DbOrTx): Promise<StoreWithTerminals[]> {
  const rows = await db
    .select({ id: stores.id, code: stores.code, name: stores.name })
    .from(stores)
    .orderBy(asc(stores.code));
  const terminals = await db
    .select({ tid: storeTerminals.tid, storeId: storeTerminals.storeId })
    .from(storeTerminals)
    .orderBy(asc(storeTerminals.tid));
  return rows.map((s) => ({ ...s, tids: terminals.filter((t) => t.storeId === s.id).map((t) => t.tid) }));
}

/**
 * Terminal ids seen on orders that no store owns (README "Roles": unassigned orders): what an
 * administrator has to map. With how many orders wait on each.
 */
export async function listUnassignedTerminals(db: DbOrTx): Promise<Array<{ tid: string; orders: number }>> {
  const rows = await db
    .select({ tid: orders.tid, orders: count() })
    .from(orders)
    .where(
      and(
        isNull(orders.storeId),
        isNotNull(orders.tid),
        notExists(
          db.select({ tid: storeTerminals.tid }).from(storeTerminals).where(eq(storeTerminals.tid, orders.tid)),
        ),
      ),
    )
    .groupBy(orders.tid)
    .orderBy(asc(orders.tid));
  return rows.map((r) => ({ tid: r.tid!, orders: r.orders }));
}

/** Store names for the console header, in code order. */
export async function storeNames(db: DbOrTx, storeIds: readonly string[]): Promise<string[]> {
  if (storeIds.length === 0) return [];
  const rows = await db
    .select({ name: stores.name })
    .from(stores)
    .where(inArray(stores.id, [...storeIds]))
    .orderBy(asc(stores.code));
  return rows.map((r) => r.name);
}
