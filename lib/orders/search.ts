import 'server-only';
import { count, eq, or, type SQL, sql } from 'drizzle-orm';
import { unionAll } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '@/db/connect';
import { orders } from '@/db/schema';
import { readSearchAmount } from './filters';

/**
 * The search box, read the way staff read numbers off a phone or a receipt: our order no.
 * (`out_trade_no`), eftPay's order no. (`eftpay_trade_no`) or the wallet's transaction id
 * (`transaction_id`) in any case, typed in full, by its first characters or by its last ones
 * (at least `MIN_SUFFIX_LENGTH`); or an amount ("184.70", "HK$184.70" — `readSearchAmount`).
 *
 * Every shape is an index range scan (migration 0005): `upper(col) LIKE 'X%'` on the upper(col)
 * btrees, a suffix as `reverse(upper(col)) LIKE 'reversed%'` on the reverse(upper(col)) btrees,
 * both `text_pattern_ops` so any collation (and PGlite) can use them; an amount is
 * `amount_cents = n` on (amount_cents, created_at, id), walked newest first.
 */
const ID_COLUMNS = [orders.outTradeNo, orders.eftpayTradeNo, orders.transactionId] as const;

/** Fewer trailing characters than this match too much to be worth a suffix search. */
export const MIN_SUFFIX_LENGTH = 4;

/**
 * Above this many id matches a search counts as broad (see `isBroadSearch`). Sorting 5,000
 * rows by time costs a few milliseconds; the plans on both sides were measured at 1M orders.
 */
const SEARCH_CANDIDATE_CAP = 5_000;

export type SearchTerm = { kind: 'amount'; cents: number } | { kind: 'number'; text: string };

export function readSearch(q: string): SearchTerm {
  const cents = readSearchAmount(q);
  return cents === null ? { kind: 'number', text: q } : { kind: 'amount', cents };
}

/** `%`, `_` and `\` typed into the box are literal characters, not wildcards. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** By characters (code points), as Postgres's reverse() counts them. */
function reverseText(text: string): string {
  return [...text].reverse().join('');
}

/**
 * One index range scan per column and direction. The pattern is upper-cased by the database, in
 * the same words as the index expression (the escapes `\`, `%`, `_` have no case); it is a bound
 * parameter folded to a constant at planning, which is what lets LIKE use the index. `key` is the
 * index's expression, for a branch that must walk its index in order (`broadSearchQuery`).
 */
function numberBranches(text: string): Array<{ condition: SQL; key: SQL }> {
  const prefix = `${escapeLike(text)}%`;
  const branches = ID_COLUMNS.map((column) => {
    const key = sql`upper(${column})`;
    return { condition: sql`${key} like upper(${prefix})`, key };
  });
  if ([...text].length >= MIN_SUFFIX_LENGTH) {
    const suffix = `${escapeLike(reverseText(text))}%`;
    for (const column of ID_COLUMNS) {
      const key = sql`reverse(upper(${column}))`;
      branches.push({ condition: sql`${key} like upper(${suffix})`, key });
    }
  }
  return branches;
}

export function searchCondition(q: string): SQL {
  const term = readSearch(q);
  if (term.kind === 'amount') return eq(orders.amountCents, term.cents);
  return or(...numberBranches(term.text).map((b) => b.condition)) as SQL;
}

/** The text is one of the order's three numbers, whatever the case. */
export function exactIdCondition(q: string): SQL {
  return or(...ID_COLUMNS.map((column) => sql`upper(${column}) = upper(${q})`)) as SQL;
}

/**
 * Counts id matches, stopping at the cap: one index-only range scan of at most cap + 1 entries
 * per branch, walked in index order, so it costs a few milliseconds at most whatever was typed. Not scoped — the number
 * only chooses a plan and is never shown. Null for an amount, which has its own index order.
 */
export function broadSearchQuery(db: DbOrTx, q: string, cap = SEARCH_CANDIDATE_CAP) {
  const term = readSearch(q);
  if (term.kind === 'amount') return null;
  // In the index's own order (`~<~`, text_pattern_ops): a prefix thousands of orders share would
  // otherwise be counted by reading the table until cap + 1 of them turn up.
  const branch = ({ condition, key }: { condition: SQL; key: SQL }) =>
    db
      .select({ one: sql`1`.as('one') })
      .from(orders)
      .where(condition)
      .orderBy(sql`${key} using ~<~`)
      .limit(cap + 1);
  // Three prefix branches always, three suffix ones from MIN_SUFFIX_LENGTH characters.
  const [first, second, ...rest] = numberBranches(term.text).map(branch) as [
    ReturnType<typeof branch>,
    ReturnType<typeof branch>,
    ...ReturnType<typeof branch>[],
  ];
  return db.select({ n: count() }).from(unionAll(first, second, ...rest).as('matches'));
}

/**
 * The id-match count as two conditions for one statement (`listOrdersStatement`): `narrow` holds
 * when the search is not broad, `broad` when it is. Each is a one-time filter over an init plan,
 * so the part of the statement whose condition is false is never run. Null for an amount.
 */
export function broadSearchGate(db: DbOrTx, q: string, cap = SEARCH_CANDIDATE_CAP): { narrow: SQL; broad: SQL } | null {
  const query = broadSearchQuery(db, q, cap);
  if (!query) return null;
  return { narrow: sql`(${query}) <= ${cap}`, broad: sql`(${query}) > ${cap}` };
}

export async function isBroadSearch(db: DbOrTx, q: string, cap = SEARCH_CANDIDATE_CAP): Promise<boolean> {
  const query = broadSearchQuery(db, q, cap);
  if (!query) return false;
  const [row] = await query;
  return (row?.n ?? 0) > cap;
}
