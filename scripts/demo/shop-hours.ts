import type { Random } from './random';

/**
 * The demo shops' hours in Hong Kong time (UTC+8 all year, no daylight saving): open 10:00, last
 * sale 21:59:59. Days grow a little busier towards today and at weekends; hours peak at lunch and
 * in the evening.
 */

export const SHOP_OPEN_HOUR = 10;
export const SHOP_CLOSE_HOUR = 22;

export const SECOND = 1_000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
const HK_OFFSET = 8 * HOUR;

/** How busy each hour from 10:00 to 21:00 is, relative to the others. */
const HOUR_WEIGHTS = [4, 6, 10, 10, 6, 5, 5, 6, 9, 10, 8, 5] as const;

/** The instant the Hong Kong day holding `ms` starts. */
export function hkDayStart(ms: number): number {
  return Math.floor((ms + HK_OFFSET) / DAY) * DAY - HK_OFFSET;
}

/** Opening and closing instants of the Hong Kong day holding `ms`. */
export function sessionOf(ms: number): { open: number; close: number } {
  const day = hkDayStart(ms);
  return { open: day + SHOP_OPEN_HOUR * HOUR, close: day + SHOP_CLOSE_HOUR * HOUR };
}

export function isShopTime(at: Date): boolean {
  const { open, close } = sessionOf(at.getTime());
  return at.getTime() >= open && at.getTime() < close;
}

/** `at` itself while the shops are open, else the last second before they closed. */
export function lastShopMoment(at: Date): Date {
  const ms = at.getTime();
  const { open, close } = sessionOf(ms);
  if (ms >= close) return new Date(close - SECOND);
  if (ms < open) return new Date(close - DAY - SECOND);
  return new Date(Math.floor(ms / SECOND) * SECOND);
}

/** `minutes` of opening time before `latest`, counted back across closed hours and nights. */
export function shopMinutesBefore(latest: Date, minutes: number): Date {
  let at = lastShopMoment(latest).getTime();
  let left = minutes * MINUTE;
  for (;;) {
    const { open } = sessionOf(at);
    if (left <= at - open) return new Date(at - left);
    left -= at - open;
    at = open - (24 - SHOP_CLOSE_HOUR + SHOP_OPEN_HOUR) * HOUR - SECOND;
  }
}

interface Segment {
  lo: number;
  hi: number;
  weight: number;
}

/**
 * Draws whole-second moments in shop hours, busier hours and days more often. `now` anchors how
 * busy a day is (trade grows slowly over the last `historyDays`).
 */
export function shopCalendar(now: Date, historyDays: number) {
  const cache = new Map<string, { segments: Segment[]; total: number }>();

  const dayWeight = (dayStart: number) => {
    const age = (now.getTime() - dayStart) / DAY;
    const weekday = new Date(dayStart + HK_OFFSET).getUTCDay();
    const growth = 0.8 + 0.4 * Math.max(0, 1 - age / historyDays);
    return growth * (weekday === 0 || weekday === 6 ? 1.3 : 1);
  };

  /** Hour-long pieces of shop time inside [earliest, latest] (whole seconds), each with its weight. */
  const piecesOf = (earliest: number, latest: number) => {
    const key = `${earliest}:${latest}`;
    const cached = cache.get(key);
    if (cached) return cached;
    const segments: Segment[] = [];
    let total = 0;
    for (let day = hkDayStart(earliest); day <= latest; day += DAY) {
      const busy = dayWeight(day);
      for (const [index, weight] of HOUR_WEIGHTS.entries()) {
        const from = day + (SHOP_OPEN_HOUR + index) * HOUR;
        const lo = Math.ceil(Math.max(from, earliest) / SECOND);
        const hi = Math.floor(Math.min(from + HOUR - SECOND, latest) / SECOND);
        if (hi < lo) continue;
        const w = busy * weight * ((hi - lo + 1) / 3600);
        segments.push({ lo, hi, weight: w });
        total += w;
      }
    }
    const pieces = { segments, total };
    // Only windows that recur (whole history) are worth keeping.
    if (cache.size < 64) cache.set(key, pieces);
    return pieces;
  };

  return {
    /** A moment in shop hours within [earliest, latest], or null when the window holds none. */
    between(random: Random, earliest: Date, latest: Date): Date | null {
      const { segments, total } = piecesOf(earliest.getTime(), latest.getTime());
      if (segments.length === 0) return null;
      let roll = random.next() * total;
      let chosen = segments[segments.length - 1]!;
      for (const segment of segments) {
        roll -= segment.weight;
        if (roll < 0) {
          chosen = segment;
          break;
        }
      }
      return new Date(random.int(chosen.lo, chosen.hi) * SECOND);
    },
  };
}

export type ShopCalendar = ReturnType<typeof shopCalendar>;
