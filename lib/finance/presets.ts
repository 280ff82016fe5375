import { TZDate } from '@date-fns/tz';
import { addDays, addMonths, endOfMonth, format, startOfMonth } from 'date-fns';
import { HK_TZ, hkPreset } from '@/lib/time/hk';

/** Quick date ranges the finance filters offer, in Hong Kong days. */
export const FINANCE_PRESETS = ['today', 'yesterday', 'last7', 'last30', 'thisMonth', 'lastMonth'] as const;
export type FinancePreset = (typeof FINANCE_PRESETS)[number];

export type DayRange = { from: string; to: string };

/** Every preset's inclusive `YYYY-MM-DD` bounds as of `now`, computed on the server. */
export function financePresetRanges(now = new Date()): Record<FinancePreset, DayRange> {
  const today = format(new TZDate(now, HK_TZ), 'yyyy-MM-dd');
  return {
    today: hkPreset('today', now),
    yesterday: hkPreset('yesterday', now),
    last7: hkPreset('last7', now),
    last30: { from: format(addDays(new TZDate(now, HK_TZ), -29), 'yyyy-MM-dd'), to: today },
    thisMonth: hkPreset('thisMonth', now),
    // The month finance closes on the first of the next one.
    lastMonth: {
      from: format(startOfMonth(addMonths(new TZDate(now, HK_TZ), -1)), 'yyyy-MM-dd'),
      to: format(endOfMonth(addMonths(new TZDate(now, HK_TZ), -1)), 'yyyy-MM-dd'),
    },
  };
}

/** `/refunds?a=1&b=2`, leaving out empty values. */
export function hrefWith(path: string, params: Record<string, string | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) query.set(key, value);
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}
