import 'server-only';
import { count, like, or, type SQL, sql } from 'drizzle-orm';
import { type AnyPgColumn, unionAll } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '@/db/connect';
import { orders } from '@/db/schema';

/**
 * The search box: one text that may be our order no. (`out_trade_no`), eftPay's order no.
 * (`eftpay_trade_no`) or the wallet's transaction id (`transaction_id`), typed in full or by its
 * first characters. Each column has a `text_pattern_ops` btree (migration 0002), so
 * `LIKE 'abc%'` is an index range scan under any collation, and an exact number is its own prefix.
 */
const ID_COLUMNS = [orders.outTradeNo, orders.eftpayTradeNo, orders.transactionId] as const;

/**
 * Above this many prefix matches a search counts as broad (see `isBroadSearch`). Sorting 5,000
 * rows by time costs a few milliseconds; the plans on both sides were measured at 1M orders.
 */
const SEARCH_CANDIDATE_CAP = 5_000;

/** `%`, `_` and `\` typed into the box are literal characters, not wildcards. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function prefixPattern(q: string): string {
  return `${escapeLike(q)}%`;
}

export function searchCondition(q: string): SQL {
  const pattern = prefixPattern(q);
  return or(...ID_COLUMNS.map((column) => like(column, pattern))) as SQL;
}

export function exactIdCondition(q: string): SQL {
  return or(...ID_COLUMNS.map((column) => sql`${column} = ${q}`)) as SQL;
}

/**
 * Counts prefix matches, stopping at the cap: three index-only range scans of at most cap + 1
 * entries each, so it costs well under a millisecond whatever was typed. Not scoped — the number
 * only chooses a plan and is never shown.
 */
export function broadSearchQuery(db: DbOrTx, q: string, cap = SEARCH_CANDIDATE_CAP) {
  const pattern = prefixPattern(q);
  const branch = (column: AnyPgColumn) =>
    db
      .select({ one: sql`1`.as('one') })
      .from(orders)
      .where(like(column, pattern))
      .limit(cap + 1);
  const [a, b, c] = ID_COLUMNS.map(branch) as [ReturnType<typeof branch>, ...ReturnType<typeof branch>[]];
  return db.select({ n: count() }).from(unionAll(a, b!, c!).as('matches'));
}

export async function isBroadSearch(db: DbOrTx, q: string, cap = SEARCH_CANDIDATE_CAP): Promise<boolean> {
  const [row] = await broadSearchQuery(db, q, cap);
  return (row?.n ?? 0) > cap;
}
