import 'server-only';

/**
 * Keyset cursor for the orders list: the (created_at, id) of the last row shown. The timestamp
 * travels as Postgres printed it (microseconds and offset intact) — a JS Date would round it to
 * milliseconds, and rows a few microseconds apart would then be skipped or shown twice.
 */
export interface OrderCursor {
  createdAt: string;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// `2026-03-02 00:30:00.123456+00` (or with `T`, a `+08`/`+08:00` offset, fewer fraction digits).
const PG_TIMESTAMPTZ = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:?\d{2})?|Z)$/;

/**
 * Does the cursor's time exist? The pattern alone lets `2026-02-30`, hour 25 or offset +99 through, and
 * Postgres answers those with "date/time field value out of range" — a 500 for a mistyped link.
 */
export function isRealTimestamp(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(text);
  if (!match) return false;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (year < 1 || hour > 23 || minute > 59 || second > 59) return false;
  // Postgres takes offsets up to ±15:59.
  const offset = /([+-])(\d{2}):?(\d{2})?$/.exec(text);
  if (offset && (Number(offset[2]) > 15 || Number(offset[3] ?? 0) > 59)) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

export function encodeCursor(cursor: OrderCursor): string {
  return Buffer.from(`${cursor.createdAt}|${cursor.id}`, 'utf8').toString('base64url');
}

/** A cursor from the URL; anything malformed is null (the list starts again from the top). */
export function decodeCursor(value: string | null | undefined): OrderCursor | null {
  if (!value || value.length > 200) return null;
  const text = Buffer.from(value, 'base64url').toString('utf8');
  const [createdAt, id, ...rest] = text.split('|');
  if (rest.length || !createdAt || !id || !PG_TIMESTAMPTZ.test(createdAt) || !isRealTimestamp(createdAt) || !isUuid(id))
    return null;
  return { createdAt, id };
}
