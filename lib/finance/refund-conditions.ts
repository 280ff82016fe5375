import 'server-only';
import { and, eq, gte, isNull, lt, lte, or, type SQL, sql } from 'drizzle-orm';
import { refunds } from '@/db/schema';
import { type StoreScope, storeCondition } from '@/lib/auth/scope';
import { hkDayRange } from '@/lib/time/hk';
import { type RefundFilter, UNASSIGNED } from './refund-filter';

/** The column the date range (and the daily chart) reads: when the refund was asked for, or finished. */
export function basisColumn(filter: Pick<RefundFilter, 'basis'>) {
  return filter.basis === 'completed' ? refunds.completedAt : refunds.requestedAt;
}

/**
 * WHERE for "the refunds this caller may see that match the filter", on `refunds` alone: a refund
 * carries its order's store and wallet (copied by the database, migration 0012), so every filter
 * but a number is one of its own indexed columns, and the list walks one table's index.
 */
export function refundConditions(scope: StoreScope, filter: RefundFilter): SQL {
  const basis = basisColumn(filter);
  // Half-open [from, to) instants of whole Hong Kong days: 00:30 HKT on the 2nd is the 2nd.
  const { from, to } = hkDayRange(filter.from, filter.to);
  return and(
    storeCondition(scope, refunds.storeId),
    from ? gte(basis, from) : undefined,
    to ? lt(basis, to) : undefined,
    filter.store === UNASSIGNED
      ? isNull(refunds.storeId)
      : filter.store
        ? eq(refunds.storeId, filter.store)
        : undefined,
    filter.staff ? eq(refunds.requestedBy, filter.staff) : undefined,
    filter.status ? eq(refunds.status, filter.status) : undefined,
    filter.wallet ? eq(refunds.wallet, filter.wallet) : undefined,
    filter.reason ? eq(refunds.reason, filter.reason) : undefined,
    filter.min !== undefined ? gte(refunds.amountCents, filter.min) : undefined,
    filter.max !== undefined ? lte(refunds.amountCents, filter.max) : undefined,
    filter.q ? numberCondition(filter.q) : undefined,
  )!;
}

/**
 * Our refund number, our order number or eftPay's order number. The order numbers are looked up
 * first (an init plan) so that both sides of the OR can use an index instead of scanning the join.
 */
function numberCondition(q: string): SQL {
  return or(
    eq(refunds.refundNo, q),
    sql`${refunds.orderId} = any(array(select o.id from orders o where o.out_trade_no = ${q} or o.eftpay_trade_no = ${q}))`,
  )!;
}

/**
 * Keyset position: rows after (older than) / before (newer than) the refund `id` in the list's
 * order, requested_at desc, id desc. The cursor is only the id; its timestamp is read back from
 * the table, so the microseconds a JS Date would lose never matter.
 */
export function olderThan(id: string): SQL {
  return sql`(${refunds.requestedAt}, ${refunds.id}) < ((select c.requested_at from refunds c where c.id = ${id}), ${id}::uuid)`;
}

export function newerThan(id: string): SQL {
  return sql`(${refunds.requestedAt}, ${refunds.id}) > ((select c.requested_at from refunds c where c.id = ${id}), ${id}::uuid)`;
}
