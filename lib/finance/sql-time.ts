import 'server-only';
import { type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { HK_TZ } from '@/lib/time/hk';

/**
 * Hong Kong wall-clock text of a timestamptz, computed by Postgres with its time-zone database.
 * The zone is a literal, not a parameter: the same expression in SELECT and GROUP BY must be
 * textually identical, and formatting a million rows in SQL is far cheaper than in JavaScript.
 */
const ZONE = sql.raw(`'${HK_TZ}'`);

/** The Hong Kong day of a timestamptz, as a date: a cheap key to group by before formatting. */
export function hkDate(column: AnyPgColumn | SQL): SQL<string> {
  return sql<string>`(${column} at time zone ${ZONE})::date`;
}

/** `2026-03-02 00:30:05`; null stays null. */
export function hkDateTimeText(column: AnyPgColumn | SQL): SQL<string | null> {
  return sql<string | null>`to_char(${column} at time zone ${ZONE}, 'YYYY-MM-DD HH24:MI:SS')`;
}
