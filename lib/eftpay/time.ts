import 'server-only';

// Sections (§) refer to docs/eftpay-gateway.md.

/**
 * Gateway timestamps. eftPay's documentation does not state a timezone for `time` (§1, §8 #13); we send Hong Kong
 * time (§12 #6). Hong Kong has been UTC+8 without daylight saving since 1979, so a fixed +8 h
 * offset is exact for every date we can meet and avoids depending on the runtime's tz database.
 */

const HK_OFFSET_MS = 8 * 60 * 60 * 1000;

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

function hkParts(date: Date) {
  if (Number.isNaN(date.getTime())) throw new RangeError('invalid date');
  const hk = new Date(date.getTime() + HK_OFFSET_MS);
  return {
    y: pad(hk.getUTCFullYear(), 4),
    mo: pad(hk.getUTCMonth() + 1),
    d: pad(hk.getUTCDate()),
    h: pad(hk.getUTCHours()),
    mi: pad(hk.getUTCMinutes()),
    s: pad(hk.getUTCSeconds()),
  };
}

/** `yyyyMMddHHmmss` in Hong Kong time — the `time` field of every request/answer. */
export function toGatewayTime(date: Date = new Date()): string {
  const p = hkParts(date);
  return `${p.y}${p.mo}${p.d}${p.h}${p.mi}${p.s}`;
}

/** `yyyy-MM-dd HH:mm:ss` in Hong Kong time — `trade_time` / `gmt_payment` (§4.2, §4.5). */
export function toTradeTime(date: Date): string {
  const p = hkParts(date);
  return `${p.y}-${p.mo}-${p.d} ${p.h}:${p.mi}:${p.s}`;
}

function fromHkFields(match: RegExpExecArray | null): Date | null {
  if (!match) return null;
  // The regexes guarantee six groups of ASCII digits.
  const [y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0] = match.slice(1, 7).map(Number);
  const utc = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(utc);
  // Reject 2023-02-30 and 24:00:00, which Date.UTC would silently roll over.
  const roundTrips =
    check.getUTCFullYear() === y &&
    check.getUTCMonth() === mo - 1 &&
    check.getUTCDate() === d &&
    check.getUTCHours() === h &&
    check.getUTCMinutes() === mi &&
    check.getUTCSeconds() === s;
  return roundTrips ? new Date(utc - HK_OFFSET_MS) : null;
}

/** `yyyyMMddHHmmss` (HK) → Date, or null if malformed or not a real calendar time. */
export function parseGatewayTime(text: string): Date | null {
  if (typeof text !== 'string') return null;
  return fromHkFields(/^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text));
}

/** `yyyy-MM-dd HH:mm:ss` (HK) → Date, or null. */
export function parseTradeTime(text: string): Date | null {
  if (typeof text !== 'string') return null;
  return fromHkFields(/^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text));
}
