import { createLoader, createSerializer, parseAsString } from 'nuqs/server';

/**
 * The orders list's state, all of it in the URL: shareable, bookmarkable, and the back button
 * works. One definition for the page (server) and the filter form (client). Values stay strings
 * here; `resolveOrderFilters` validates them and reports bad ones per field.
 */
export const orderSearchParsers = {
  q: parseAsString,
  status: parseAsString,
  wallet: parseAsString,
  store: parseAsString,
  /** A preset (`today`, `yesterday`, `last7`, `thisMonth`); wins over from/to. */
  range: parseAsString,
  /** Hong Kong days, `YYYY-MM-DD`, inclusive. */
  from: parseAsString,
  to: parseAsString,
  /** HKD amounts as typed (`120`, `120.50`). */
  min: parseAsString,
  max: parseAsString,
  /** Keyset cursor of the page (lib/orders/cursor.ts). */
  cursor: parseAsString,
};

export const loadOrderSearchParams = createLoader(orderSearchParsers);
export const serializeOrderSearch = createSerializer(orderSearchParsers);
