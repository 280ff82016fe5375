import 'server-only';
import { and, eq, gte, isNull, lte, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/connect';
import { refundDays, refundDaysDetail } from '@/db/schema';
import { type StoreScope, storeCondition } from '@/lib/auth/scope';
import { type RefundFilter, UNASSIGNED } from './refund-filter';

/**
 * Reading finance's rollups (db/schema/refund-days.ts, docs/adr/0015): which one answers a filter,
 * its WHERE, and the worker's compaction. A key's figures are the sum of its rows (a folded row
 * and the last minute's signed changes), so readers always sum and skip keys that sum to zero.
 * A rollup answers every filter but an amount range and a number (those are
 * properties of single refunds, which only the refunds themselves can answer); the coarse one
 * answers when neither the staff member nor the reason is asked for.
 */
export type RefundDaysTable = typeof refundDays | typeof refundDaysDetail;

export function rollupFor(filter: RefundFilter): RefundDaysTable | null {
  if (filter.min !== undefined || filter.max !== undefined || filter.q) return null;
  return filter.staff || filter.reason ? refundDaysDetail : refundDays;
}

/**
 * WHERE over a rollup for "the refunds this caller may see that match the filter". Days are Hong
 * Kong days, as the filter's are. `anyDay`: the totals without a date range count every refund,
 * finished or not, whatever the basis — read on the requested basis, where every refund is once.
 */
export function rollupConditions(
  table: RefundDaysTable,
  scope: StoreScope,
  filter: RefundFilter,
  { anyDay = false }: { anyDay?: boolean } = {},
): SQL {
  const dated = !anyDay || filter.from !== undefined || filter.to !== undefined;
  const detail = table === refundDaysDetail ? refundDaysDetail : null;
  return and(
    eq(table.basis, dated ? filter.basis : 'requested'),
    storeCondition(scope, table.storeId),
    filter.from ? gte(table.day, filter.from) : undefined,
    filter.to ? lte(table.day, filter.to) : undefined,
    filter.store === UNASSIGNED ? isNull(table.storeId) : filter.store ? eq(table.storeId, filter.store) : undefined,
    filter.status ? eq(table.status, filter.status) : undefined,
    filter.wallet ? eq(table.wallet, filter.wallet) : undefined,
    filter.staff && detail ? eq(detail.staffId, filter.staff) : undefined,
    filter.reason && detail ? eq(detail.reason, filter.reason) : undefined,
  )!;
}

/**
 * Folds the rollups' changes into one row per key (SQL function `refund_days_compact`, migration
 * 0012). Safe beside writers and beside another instance doing the same. Returns the rows replaced.
 */
export async function compactRefundDays(db: DbOrTx): Promise<number> {
  const result = await db.execute(sql`select refund_days_compact() as replaced`);
  const rows = Array.isArray(result) ? result : (result as { rows: Array<{ replaced: number }> }).rows;
  return Number(rows[0]?.replaced ?? 0);
}
