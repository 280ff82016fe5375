import 'server-only';
import { asc } from 'drizzle-orm';
import type { DbOrTx } from '@/db/connect';
import { stores } from '@/db/schema';
import { type StoreScope, storeCondition } from '@/lib/auth/scope';

/** The stores the caller may filter by: their own, or every store for all-store roles. */
export async function listStoreOptions(
  db: DbOrTx,
  scope: StoreScope,
): Promise<Array<{ id: string; code: string; name: string }>> {
  return db
    .select({ id: stores.id, code: stores.code, name: stores.name })
    .from(stores)
    .where(storeCondition(scope, stores.id))
    .orderBy(asc(stores.name));
}
