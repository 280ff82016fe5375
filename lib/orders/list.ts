import 'server-only';
import { and, desc, eq, gte, isNull, lt, lte, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/connect';
import { orders, stores } from '@/db/schema';
import type { StoreScope } from '@/lib/auth/scope';
import { storeCondition } from '@/lib/auth/scope';
import type { Wallet } from '@/lib/shared/wallets';
import { decodeCursor, encodeCursor, type OrderCursor } from './cursor';
import type { OrderListFilters } from './filters';
import { broadSearchGate, exactIdCondition, readSearch, searchCondition } from './search';
import type { OrderStatus } from './view';

export const ORDERS_PAGE_SIZE = 50;

/** One row of the orders table: only what the table shows. */
export interface OrderListRow {
  id: string;
  createdAt: string;
  outTradeNo: string;
  eftpayTradeNo: string | null;
  transactionId: string | null;
  wallet: Wallet;
  storeId: string | null;
  storeName: string | null;
  amountCents: number;
  currency: string;
  refundedCents: number;
  status: OrderStatus;
}

export interface OrderListPage {
  rows: OrderListRow[];
  /** The cursor of the next (older) page, or null on the last page. */
  nextCursor: string | null;
}

export interface ListQueryOptions {
  pageSize?: number;
  /** From the id-match count: whether a search matches more ids than is worth sorting by hand. */
  broadSearch?: boolean;
}

/**
 * The orders list, newest first, one keyset page at a time: `(created_at, id) < cursor`, never
 * OFFSET, so page 500 costs what page 1 costs and orders arriving meanwhile neither repeat nor
 * hide rows. Always inside the caller's store scope.
 */
export async function listOrders(
  db: DbOrTx,
  scope: StoreScope,
  filters: OrderListFilters,
  cursor?: string | null,
  options: Pick<ListQueryOptions, 'pageSize'> = {},
): Promise<OrderListPage> {
  const pageSize = options.pageSize ?? ORDERS_PAGE_SIZE;
  const rows = await listOrdersStatement(db, scope, filters, decodeCursor(cursor), { pageSize });
  const page = rows.slice(0, pageSize);
  const last = page.at(-1);
  return {
    rows: page.map(({ cursorAt: _, createdAt, ...row }) => ({ ...row, createdAt: createdAt.toISOString() })),
    nextCursor: rows.length > pageSize && last ? encodeCursor({ createdAt: last.cursorAt, id: last.id }) : null,
  };
}

/**
 * The list's one SQL statement, exported so the benchmark can EXPLAIN exactly what the page runs.
 * A number search is answered in one round trip: both plans of `listOrdersQuery` (narrow: from the
 * id indexes, then sorted; broad: the time index newest first), each gated by the id-match count
 * (`broadSearchGate`, an init plan of index-only scans), so the database runs exactly one of them.
 */
export function listOrdersStatement(
  db: DbOrTx,
  scope: StoreScope,
  filters: OrderListFilters,
  cursor: OrderCursor | null,
  { pageSize = ORDERS_PAGE_SIZE }: Pick<ListQueryOptions, 'pageSize'> = {},
) {
  const gate = filters.q ? broadSearchGate(db, filters.q) : null;
  if (!gate) return listOrdersQuery(db, scope, filters, cursor, { pageSize });
  return listOrdersQuery(db, scope, filters, cursor, { pageSize, broadSearch: false, only: gate.narrow })
    .unionAll(listOrdersQuery(db, scope, filters, cursor, { pageSize, broadSearch: true, only: gate.broad }))
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(pageSize + 1);
}

/** One plan of the list (see `listOrdersStatement`); `only`: a condition on the whole statement. */
export function listOrdersQuery(
  db: DbOrTx,
  scope: StoreScope,
  filters: OrderListFilters,
  cursor: OrderCursor | null,
  { pageSize = ORDERS_PAGE_SIZE, broadSearch = false, only }: ListQueryOptions & { only?: SQL } = {},
) {
  const conditions: SQL[] = [storeCondition(scope, orders.storeId), ...filterConditions(filters)];
  if (only) conditions.push(only);
  if (cursor) {
    conditions.push(sql`(${orders.createdAt}, ${orders.id}) < (${cursor.createdAt}::timestamptz, ${cursor.id}::uuid)`);
  }
  // A narrow search (≤ SEARCH_CANDIDATE_CAP prefix matches) must be answered from the id indexes,
  // then sorted. Given `ORDER BY created_at` the planner may instead walk the time index newest
  // first, betting matches are spread evenly — but ids embed dates, so a day's numbers from three
  // months ago sit far down that index (measured: 200 ms instead of 1 ms). Sorting on an
  // expression no index provides takes that bet off the table; the order is the same.
  // An amount is answered by walking (amount_cents, created_at, id) newest first: no trick needed.
  const newestFirst =
    filters.q && readSearch(filters.q).kind === 'number' && !broadSearch
      ? [sql`${orders.createdAt} + interval '0 seconds' desc`, desc(orders.id)]
      : [desc(orders.createdAt), desc(orders.id)];
  return db
    .select({
      id: orders.id,
      createdAt: orders.createdAt,
      cursorAt: sql<string>`${orders.createdAt}::text`.as('cursor_at'),
      outTradeNo: orders.outTradeNo,
      eftpayTradeNo: orders.eftpayTradeNo,
      transactionId: orders.transactionId,
      wallet: orders.wallet,
      storeId: orders.storeId,
      // A scalar subquery runs for the returned rows only and leaves the plan of the scan alone.
      storeName: sql<string | null>`(select ${stores.name} from ${stores} where ${stores.id} = ${orders.storeId})`,
      amountCents: orders.amountCents,
      currency: orders.currency,
      refundedCents: orders.refundedCents,
      status: orders.status,
    })
    .from(orders)
    .where(and(...conditions))
    .orderBy(...newestFirst)
    .limit(pageSize + 1);
}

function filterConditions(f: OrderListFilters): SQL[] {
  const out: SQL[] = [];
  if (f.q) out.push(searchCondition(f.q));
  if (f.status) out.push(eq(orders.status, f.status));
  if (f.wallet) out.push(eq(orders.wallet, f.wallet));
  if (f.storeId === null) out.push(isNull(orders.storeId));
  else if (f.storeId !== undefined) out.push(eq(orders.storeId, f.storeId));
  if (f.createdFrom) out.push(gte(orders.createdAt, f.createdFrom));
  if (f.createdBefore) out.push(lt(orders.createdAt, f.createdBefore));
  if (f.minCents !== undefined) out.push(gte(orders.amountCents, f.minCents));
  if (f.maxCents !== undefined) out.push(lte(orders.amountCents, f.maxCents));
  return out;
}

/**
 * Whether an order in scope carries exactly this number (any of the three ids, any case). No match means
 * the console does not have it, and the page offers to look it up at eftPay.
 */
export async function hasExactIdMatch(db: DbOrTx, scope: StoreScope, q: string): Promise<boolean> {
  const [row] = await db
    .select({ id: orders.id })
    .from(orders)
    .where(and(storeCondition(scope, orders.storeId), exactIdCondition(q)))
    .limit(1);
  return !!row;
}

/**
 * The order to open straight away: the search is exactly one order's number (any case) and the
 * list would show that order alone — in scope and within the other filters. A prefix or suffix
 * match beside it (or an amount) means the list is the answer, so this is null.
 */
export async function soleExactMatch(db: DbOrTx, scope: StoreScope, filters: OrderListFilters): Promise<string | null> {
  if (!filters.q || readSearch(filters.q).kind !== 'number') return null;
  const rows = await db
    .select({ id: orders.id, exact: sql<boolean>`${exactIdCondition(filters.q)}` })
    .from(orders)
    .where(and(storeCondition(scope, orders.storeId), ...filterConditions(filters)))
    .limit(2);
  const [only] = rows;
  return rows.length === 1 && only?.exact ? only.id : null;
}
