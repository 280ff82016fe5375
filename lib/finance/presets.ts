import 'server-only';
import { TZDate } from '@date-fns/tz';
import { addDays, addMonths, endOfMonth, format, startOfMonth } from 'date-fns';
import type { FinancePreset } from '@/lib/shared/date-presets';
import { HK_TZ, hkPreset } from '@/lib/time/hk';

export type DayRange = { from: string; to: string };

/** Every quick range's (FINANCE_PRESETS) inclusive `YYYY-MM-DD` bounds as of `now`, computed on the server. */
export function financePresetRanges(now = new Date()): Record<FinancePreset, DayRange> {
  const hkNow = new TZDate(now, HK_TZ);
  const today = format(hkNow, 'yyyy-MM-dd');
  const monthBefore = addMonths(hkNow, -1);
  return {
    today: hkPreset('today', now),
    yesterday: hkPreset('yesterday', now),
    last7: hkPreset('last7', now),
    last30: { from: format(addDays(hkNow, -29), 'yyyy-MM-dd'), to: today },
    thisMonth: hkPreset('thisMonth', now),
    // The month finance closes on the first of the next one.
    lastMonth: {
      from: format(startOfMonth(monthBefore), 'yyyy-MM-dd'),
      to: format(endOfMonth(monthBefore), 'yyyy-MM-dd'),
    },
  };
}
