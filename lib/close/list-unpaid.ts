import 'server-only';
import { and, asc, eq, gt, lte, or, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/connect';
import { orders, stores } from '@/db/schema';
import { type StoreScope, storeCondition } from '@/lib/auth/scope';
import { isRealTimestamp } from '@/lib/orders/cursor';
import type { Wallet } from '@/lib/shared/wallets';
import { hasCloseService, isOldEnough } from './policy';
import { CLOSE_BATCH_MAX } from './schemas';

/** One page holds at most what one close request may name, so "select all on page" always fits. */
const UNPAID_PAGE_SIZE = CLOSE_BATCH_MAX;

export interface UnpaidOrderRow {
  id: string;
  outTradeNo: string;
  storeName: string | null;
  wallet: Wallet;
  amountCents: number;
  currency: string;
  createdAt: string;
  /** False for PayMe, FPS and GBPAY: eftPay has no Close for them. */
  closeService: boolean;
  /** Younger than the threshold (only listed when younger orders are asked for). */
  tooYoung: boolean;
}

export interface UnpaidOrdersPage {
  rows: UnpaidOrderRow[];
  /** Cursor of the next page (newer orders), or null. */
  nextCursor: string | null;
}

/**
 * Unpaid orders in the caller's stores, oldest first — the longest abandoned at the top. By
 * default only those older than the close threshold; `includeYounger` adds the rest for preview.
 * Keyset-paged on (created_at, id), the cursor carrying Postgres's own timestamp text.
 */
export async function listUnpaidForClose(
  db: DbOrTx,
  scope: StoreScope,
  options: { now: Date; minAgeMinutes: number; includeYounger?: boolean; cursor?: string | null; pageSize?: number },
): Promise<UnpaidOrdersPage> {
  const pageSize = options.pageSize ?? UNPAID_PAGE_SIZE;
  const conditions: SQL[] = [eq(orders.status, 'unpaid'), storeCondition(scope, orders.storeId)];
  if (!options.includeYounger) {
    const cutoff = new Date(options.now.getTime() - options.minAgeMinutes * 60_000);
    conditions.push(lte(orders.createdAt, cutoff));
  }
  const after = decodeCursor(options.cursor);
  if (after) {
    const at = sql`${after.createdAt}::timestamptz`;
    conditions.push(or(gt(orders.createdAt, at), and(eq(orders.createdAt, at), gt(orders.id, after.id)))!);
  }
  const rows = await db
    .select({
      order: orders,
      storeName: stores.name,
      cursorAt: sql<string>`${orders.createdAt}::text`,
    })
    .from(orders)
    .leftJoin(stores, eq(stores.id, orders.storeId))
    .where(and(...conditions))
    .orderBy(asc(orders.createdAt), asc(orders.id))
    .limit(pageSize + 1);

  const page = rows.slice(0, pageSize);
  const last = page.at(-1);
  return {
    rows: page.map(({ order, storeName }) => ({
      id: order.id,
      outTradeNo: order.outTradeNo,
      storeName,
      wallet: order.wallet,
      amountCents: order.amountCents,
      currency: order.currency,
      createdAt: order.createdAt.toISOString(),
      closeService: hasCloseService(order.wallet),
      tooYoung: !isOldEnough(order.createdAt, options.now, options.minAgeMinutes),
    })),
    nextCursor: rows.length > pageSize && last ? encodeCursor(last.cursorAt, last.order.id) : null,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TIMESTAMPTZ = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:?\d{2})?|Z)$/;

function encodeCursor(createdAt: string, id: string): string {
  return Buffer.from(`${createdAt}|${id}`, 'utf8').toString('base64url');
}

/** Anything malformed is null: the list starts from the top again. */
function decodeCursor(value: string | null | undefined): { createdAt: string; id: string } | null {
  if (!value || value.length > 200) return null;
  const [createdAt, id, ...rest] = Buffer.from(value, 'base64url').toString('utf8').split('|');
  if (rest.length || !createdAt || !id || !TIMESTAMPTZ.test(createdAt) || !isRealTimestamp(createdAt) || !UUID.test(id))
    return null;
  return { createdAt, id };
}
