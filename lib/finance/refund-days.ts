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
 * How many days of refunds the totals and chart of an amount range count (a calendar month): no
 * rollup knows single refunds' amounts, so those figures are counted from the refunds themselves,
 * and a date range is what keeps that count bounded however long the history grows. The list and
 * the CSV export have no such limit: they read a page, or stream.
 */
export const EXACT_MAX_DAYS = 31;

/**
 * Whether the totals and chart answer this filter: from a rollup (any filter but an amount range
 * or a number), for a number (a handful of refunds), or for an amount range over a date range of
 * at most EXACT_MAX_DAYS. Otherwise the page asks for dates instead (components/finance/totals-need-dates.tsx).
 */
export function aggregatesAnswer(filter: RefundFilter): boolean {
  if (rollupFor(filter) || filter.q) return true;
  if (!filter.from || !filter.to) return false;
  const days = (Date.parse(`${filter.to}T00:00:00Z`) - Date.parse(`${filter.from}T00:00:00Z`)) / 86_400_000 + 1;
  return days <= EXACT_MAX_DAYS;
}

/** The exact counts' guard: a caller that skipped `aggregatesAnswer` gets an error, not a scan of every refund. */
export function assertAggregatesAnswer(filter: RefundFilter): void {
  if (!aggregatesAnswer(filter)) {
    throw new RangeError(`totals of an amount range cover at most ${EXACT_MAX_DAYS} days: give a date range`);
  }
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
