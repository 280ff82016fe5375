import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import type { Locale } from '@/lib/i18n/locales';
import { HK_TZ } from './hk';

/**
 * Times for people, in the reader's language (the last, optional parameter; English by default),
 * always in Hong Kong time. Apart from lib/format.ts (amounts and ages) because these need the
 * time-zone library: a client component that only shows amounts does not ship it.
 */

/** date-fns patterns: en as the console has always shown them; zh-HK as written in Hong Kong. */
const PATTERNS: Record<Locale, { date: string; minutes: string; seconds: string }> = {
  en: { date: 'yyyy-MM-dd', minutes: 'yyyy-MM-dd HH:mm', seconds: 'yyyy-MM-dd HH:mm:ss' },
  'zh-HK': { date: "yyyy'年'M'月'd'日'", minutes: "yyyy'年'M'月'd'日' HH:mm", seconds: "yyyy'年'M'月'd'日' HH:mm:ss" },
};

const inHongKong = (instant: Date | string, pattern: string) => format(new TZDate(new Date(instant), HK_TZ), pattern);

/** en `2026-11-23 14:05`; zh-HK `2026年11月23日 14:05` — Hong Kong time. */
export function formatDateTime(instant: Date | string | null | undefined, locale: Locale = 'en'): string {
  if (!instant) return '—';
  return inHongKong(instant, PATTERNS[locale].minutes);
}

/** en `2026-11-23 14:05:09`; zh-HK `2026年11月23日 14:05:09` — Hong Kong time. */
export function formatDateTimeSeconds(instant: Date | string | null | undefined, locale: Locale = 'en'): string {
  if (!instant) return '—';
  return inHongKong(instant, PATTERNS[locale].seconds);
}

/** en `2026-11-23`; zh-HK `2026年11月23日` — the Hong Kong date. */
export function formatDate(instant: Date | string, locale: Locale = 'en'): string {
  return inHongKong(instant, PATTERNS[locale].date);
}
