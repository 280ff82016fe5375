import 'server-only';
import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/connect';
import { refunds, stores } from '@/db/schema';
import type { StoreScope } from '@/lib/auth/scope';
import type { Wallet } from '@/lib/shared/wallets';
import { refundConditions } from './refund-conditions';
import { assertAggregatesAnswer, rollupConditions, rollupFor } from './refund-days';
import type { RefundFilter, RefundStatus } from './refund-filter';

export interface Total {
  count: number;
  cents: number;
}

export interface RefundTotals {
  /** Every refund in the filtered set, whatever its status. */
  all: Total;
  byStatus: Array<Total & { status: RefundStatus }>;
  byWallet: Array<Total & { wallet: Wallet }>;
  /** `storeId` null: orders no store owns (unassigned). */
  byStore: Array<Total & { storeId: string | null; storeCode: string | null; storeName: string | null }>;
}

// grouping(status, wallet, store) has a bit set for each column rolled up in that row's set.
const BY_STATUS = 0b011;
const BY_WALLET = 0b101;
const BY_STORE = 0b110;
const OVERALL = 0b111;

/**
 * Count and sum of the WHOLE filtered set (not a page), overall and by status, wallet and store,
 * in one pass (grouping sets). Read from a rollup when one answers the filter — a few thousand
 * rows whatever the number of refunds — else from the refunds themselves. Sums are bigint in SQL
 * and exact integers here.
 */
export async function getRefundTotals(db: DbOrTx, scope: StoreScope, filter: RefundFilter): Promise<RefundTotals> {
  const table = rollupFor(filter);
  if (!table) {
    assertAggregatesAnswer(filter);
    return getRefundTotalsExact(db, scope, filter);
  }
  // Store names are looked up for the few groups, not joined to every rollup row.
  const rows = await db
    .select({
      set: sql<number>`grouping(${table.status}, ${table.wallet}, ${table.storeId})`.mapWith(Number),
      status: table.status,
      wallet: table.wallet,
      storeId: table.storeId,
      storeCode: sql<string | null>`(select ${stores.code} from ${stores} where ${stores.id} = ${table.storeId})`,
      storeName: sql<string | null>`(select ${stores.name} from ${stores} where ${stores.id} = ${table.storeId})`,
      count: sql<number>`coalesce(sum(${table.refundCount}), 0)::bigint`.mapWith(Number),
      cents: sql<number>`coalesce(sum(${table.amountCents}), 0)::bigint`.mapWith(Number),
    })
    .from(table)
    .where(rollupConditions(table, scope, filter, { anyDay: true }))
    .groupBy(sql`grouping sets ((${table.status}), (${table.wallet}), (${table.storeId}), ())`);
  return toTotals(rows);
}

/** The totals counted from the refunds themselves: the filters no rollup answers, and the recount tests compare with. */
export async function getRefundTotalsExact(db: DbOrTx, scope: StoreScope, filter: RefundFilter): Promise<RefundTotals> {
  const rows = await db
    .select({
      set: sql<number>`grouping(${refunds.status}, ${refunds.wallet}, ${stores.id})`.mapWith(Number),
      status: refunds.status,
      wallet: sql<Wallet>`${refunds.wallet}`,
      storeId: stores.id,
      storeCode: sql<string | null>`max(${stores.code})`,
      storeName: sql<string | null>`max(${stores.name})`,
      count: sql<number>`count(*)`.mapWith(Number),
      cents: sql<number>`coalesce(sum(${refunds.amountCents}), 0)::bigint`.mapWith(Number),
    })
    .from(refunds)
    .leftJoin(stores, eq(stores.id, refunds.storeId))
    .where(refundConditions(scope, filter))
    .groupBy(sql`grouping sets ((${refunds.status}), (${refunds.wallet}), (${stores.id}), ())`);
  return toTotals(rows);
}

interface TotalsRow extends Total {
  set: number;
  status: RefundStatus;
  wallet: Wallet;
  storeId: string | null;
  storeCode: string | null;
  storeName: string | null;
}

function toTotals(rows: TotalsRow[]): RefundTotals {
  const totals: RefundTotals = { all: { count: 0, cents: 0 }, byStatus: [], byWallet: [], byStore: [] };
  for (const row of rows) {
    const total = { count: row.count, cents: row.cents };
    if (row.set === OVERALL) totals.all = total;
    // A rollup key whose refunds have all moved on sums to nothing: it is not a group.
    else if (row.count === 0) continue;
    else if (row.set === BY_STATUS) totals.byStatus.push({ status: row.status, ...total });
    else if (row.set === BY_WALLET) totals.byWallet.push({ wallet: row.wallet, ...total });
    else if (row.set === BY_STORE)
      totals.byStore.push({ storeId: row.storeId, storeCode: row.storeCode, storeName: row.storeName, ...total });
  }
  // Largest first; ties in a fixed order, so the same set always reads the same.
  const byCents =
    <T extends Total>(key: (t: T) => string | null) =>
    (a: T, b: T) =>
      b.cents - a.cents || b.count - a.count || (key(a) ?? '\uffff').localeCompare(key(b) ?? '\uffff');
  totals.byStatus.sort(byCents((t) => t.status));
  totals.byWallet.sort(byCents((t) => t.wallet));
  totals.byStore.sort(byCents((t) => t.storeCode));
  return totals;
}
