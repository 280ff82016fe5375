import { TZDate } from '@date-fns/tz';
import { addDays, format, startOfMonth } from 'date-fns';

/** Every date shown or filtered on is a Hong Kong calendar date (UTC+8, no daylight saving). */
export const HK_TZ = 'Asia/Hong_Kong';

/** The instant Hong Kong's day `YYYY-MM-DD` starts. */
function hkDayStart(day: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(new TZDate(y, m - 1, d, 0, 0, 0, HK_TZ).getTime());
}

/** Half-open `[from, to)` instants covering Hong Kong days `fromDay` … `toDay` inclusive. */
export function hkDayRange(fromDay: string | undefined, toDay: string | undefined): { from?: Date; to?: Date } {
  return {
    from: fromDay ? hkDayStart(fromDay) : undefined,
    to: toDay ? hkDayStart(format(addDays(new Date(`${toDay}T12:00:00Z`), 1), 'yyyy-MM-dd')) : undefined,
  };
}

export type DatePreset = 'today' | 'yesterday' | 'last7' | 'thisMonth';

/** Inclusive Hong Kong day bounds for a preset, relative to `now`. */
export function hkPreset(preset: DatePreset, now = new Date()): { from: string; to: string } {
  const today = new TZDate(now, HK_TZ);
  const day = (d: Date) => format(d, 'yyyy-MM-dd');
  switch (preset) {
    case 'today':
      return { from: day(today), to: day(today) };
    case 'yesterday':
      return { from: day(addDays(today, -1)), to: day(addDays(today, -1)) };
    case 'last7':
      return { from: day(addDays(today, -6)), to: day(today) };
    case 'thisMonth':
      return { from: day(startOfMonth(today)), to: day(today) };
  }
}
