import 'server-only';
import { and, asc, eq, exists, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/connect';
import { refunds, staffUsers, stores } from '@/db/schema';
import { type StoreScope, storeCondition } from '@/lib/auth/scope';

export interface RefundFilterOptions {
  stores: Array<{ id: string; code: string; name: string }>;
  /** Staff who have asked for a refund in the caller's stores. */
  staff: Array<{ id: string; name: string }>;
  /** Whether the caller may see (and so filter on) unassigned orders. */
  unassigned: boolean;
}

/**
 * The choices the filter form offers. A manager is offered only their stores and the people who
 * refunded there — never the names of staff elsewhere.
 */
export async function getRefundFilterOptions(db: DbOrTx, scope: StoreScope): Promise<RefundFilterOptions> {
  const storeRows = await db
    .select({ id: stores.id, code: stores.code, name: stores.name })
    .from(stores)
    .where(storeCondition(scope, stores.id))
    .orderBy(asc(stores.code));
  // One index probe per staff member (refunds_requested_by_idx, or refunds_store_staff_idx in
  // the caller's stores: a refund carries its order's store) instead of a pass over all refunds.
  const refundsBy = db
    .select({ one: sql`1` })
    .from(refunds)
    .where(
      and(
        eq(refunds.requestedBy, staffUsers.id),
        scope.kind === 'all' ? undefined : storeCondition(scope, refunds.storeId),
      ),
    );
  const staffRows = await db
    .select({ id: staffUsers.id, name: staffUsers.name })
    .from(staffUsers)
    .where(exists(refundsBy))
    .orderBy(asc(staffUsers.name));
  return { stores: storeRows, staff: staffRows, unassigned: scope.kind === 'all' };
}
