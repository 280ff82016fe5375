import 'server-only';
import { sql } from 'drizzle-orm';
import { bigint, boolean, date, index, integer, pgEnum, pgTable, uuid } from 'drizzle-orm/pg-core';
import { refundReason, refundStatus, wallet } from './enums';

/** Which instant of a refund a day is taken from: when it was asked for, or when it finished. */
export const refundDayBasis = pgEnum('refund_day_basis', ['requested', 'completed']);

/**
 * Finance's rollups (docs/adr/0015): the count and sum of refunds per Hong Kong day and key, kept
 * by statement triggers on `refunds` and `orders` (migration 0012) in the same transaction as every
 * change — never by the application, so no code path can forget them. A refund counts once on the
 * `requested` basis and, once it has finished, once on the `completed` basis.
 *
 * Append-only deltas: a change adds rows (+1 for a refund as it now is, −1 as it was) and never
 * updates one, so writers on any number of instances never wait for each other here. A key's
 * figures are the sum of its rows; the worker folds each key's rows into one (`folded`) every
 * minute (`refund_days_compact()`), so a key has one row plus the last minute's changes.
 *
 * Two grains, so that the filters finance uses most read few rows:
 *   - `refund_days`: day × store × status × wallet — the unfiltered view, dates, store, status, wallet;
 *   - `refund_days_detail`: the same plus the staff member who asked and the reason.
 */
const columns = {
  basis: refundDayBasis('basis').notNull(),
  /** The Hong Kong calendar day of the basis instant. */
  day: date('day').notNull(),
  /** The order's store; null = unassigned. */
  storeId: uuid('store_id'),
  status: refundStatus('status').notNull(),
  wallet: wallet('wallet').notNull(),
  refundCount: integer('refund_count').notNull(),
  amountCents: bigint('amount_cents', { mode: 'number' }).notNull(),
  /** False for a change not yet folded into its key's row. */
  folded: boolean('folded').notNull().default(false),
};

export const refundDays = pgTable('refund_days', columns, (t) => [
  index('refund_days_day_idx').on(t.basis, t.day),
  index('refund_days_store_idx').on(t.storeId, t.basis, t.day),
  index('refund_days_unfolded_idx').on(t.basis, t.day).where(sql`not ${t.folded}`),
]);

export const refundDaysDetail = pgTable(
  'refund_days_detail',
  {
    ...columns,
    /** Who asked for the refunds; null = no staff member (e.g. imported). */
    staffId: uuid('staff_id'),
    reason: refundReason('reason').notNull(),
  },
  (t) => [
    index('refund_days_detail_day_idx').on(t.basis, t.day),
    index('refund_days_detail_unfolded_idx').on(t.basis, t.day).where(sql`not ${t.folded}`),
    // Both with the summed columns INCLUDEd (migration 0015): index-only reads of one staff member or reason.
    index('refund_days_detail_staff_idx').on(t.staffId, t.basis, t.day),
    index('refund_days_detail_reason_idx').on(t.reason, t.basis, t.day),
  ],
);
