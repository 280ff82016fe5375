import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import type { Locale } from './i18n/locales';
import { HK_TZ } from './time/hk';

/**
 * The one place amounts and times are formatted for people, in the reader's language (the last,
 * optional parameter; English by default). Amounts are integer cents and are rendered with string
 * arithmetic, never through floating point. Times are always Hong Kong time.
 */

/** en `HKD 1,234.56`; zh-HK `HK$1,234.56` (other currencies: `USD 1.00` in both). */
export function formatMoney(cents: number, currency = 'HKD', locale: Locale = 'en'): string {
  if (locale === 'zh-HK' && currency === 'HKD') {
    return cents < 0 ? `-HK$${formatAmount(-cents)}` : `HK$${formatAmount(cents)}`;
  }
  return `${currency} ${formatAmount(cents)}`;
}

/** `123456` → `1,234.56`. */
export function formatAmount(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new TypeError('amount must be integer cents');
  const negative = cents < 0;
  const digits = String(Math.abs(cents)).padStart(3, '0');
  const whole = digits.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${whole}.${digits.slice(-2)}`;
}

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

/** Human age: en `17 min`, `3 h 5 min`, `2 d`; zh-HK `17 分鐘`, `3 小時 5 分鐘`, `2 日`. */
export function formatAge(since: Date | string, now = new Date(), locale: Locale = 'en'): string {
  const zh = locale === 'zh-HK';
  const minutes = Math.max(0, Math.floor((now.getTime() - new Date(since).getTime()) / 60_000));
  if (minutes < 60) return zh ? `${minutes} 分鐘` : `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return zh ? `${hours} 小時 ${minutes % 60} 分鐘` : `${hours} h ${minutes % 60} min`;
  return zh ? `${Math.floor(hours / 24)} 日` : `${Math.floor(hours / 24)} d`;
}
