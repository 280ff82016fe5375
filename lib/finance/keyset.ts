import 'server-only';
import { asc, desc, type SQL } from 'drizzle-orm';

/**
 * One page of a newest-first list read by keyset (no OFFSET: page 1,000 costs what page 1 costs).
 * The cursors are row ids; the list's own SQL reads each cursor's position back from its table.
 */
export interface KeysetPage<Row> {
  rows: Row[];
  /** Cursor for the next (older) page, if there is one. */
  olderCursor: string | null;
  /** Cursor for the previous (newer) page, if there is one. */
  newerCursor: string | null;
}

/** Where a page starts: `after` continues towards older rows, `before` goes back to newer ones. */
export interface KeysetRequest {
  after?: string;
  before?: string;
  limit: number;
}

/**
 * A newest-first list read by keyset (the refund history, the audit log), from its pieces:
 * - `read(position, order, n)`: up to n matching rows within `position`, sorted by `order`
 *   (`desc`: the list's order; `asc`: nearest a cursor first, going back);
 * - `olderThan(id)` / `newerThan(id)`: the rows after / before the row `id` in the list's order;
 * - `cursorOf(row)`: the row's id as a cursor.
 */
export function keysetList<Row>(list: {
  read: (position: SQL | undefined, order: typeof asc, limit: number) => Promise<Row[]>;
  olderThan: (id: string) => SQL;
  newerThan: (id: string) => SQL;
  cursorOf: (row: Row) => string;
}) {
  const { read, olderThan, newerThan, cursorOf } = list;
  /** One batch in list order (newest first), optionally after the row `after`. */
  const batch = (after: string | undefined, limit: number) => read(after ? olderThan(after) : undefined, desc, limit);

  /**
   * One page. Each read asks for one row more than the page holds, so the page knows whether
   * another lies beyond it; the page we came from always lies on the other side.
   */
  async function page({ after, before, limit }: KeysetRequest): Promise<KeysetPage<Row>> {
    if (before) {
      const newerFirst = await read(newerThan(before), asc, limit + 1);
      const rows = newerFirst.slice(0, limit).reverse();
      const first = rows[0];
      const last = rows.at(-1);
      return {
        rows,
        newerCursor: newerFirst.length > limit && first ? cursorOf(first) : null,
        olderCursor: last ? cursorOf(last) : null,
      };
    }
    const older = await batch(after, limit + 1);
    const rows = older.slice(0, limit);
    const first = rows[0];
    const last = rows.at(-1);
    return {
      rows,
      newerCursor: after && first ? cursorOf(first) : null,
      olderCursor: older.length > limit && last ? cursorOf(last) : null,
    };
  }

  return { batch, page };
}
