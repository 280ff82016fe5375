import type { Locale } from './i18n/locales';

/**
 * The one place amounts and ages are formatted for people, in the reader's language (the last,
 * optional parameter; English by default). Amounts are integer cents and are rendered with string
 * arithmetic, never through floating point. No dependencies, so the browser gets only these few
 * lines; times of day (Hong Kong time, through the time-zone library) are in lib/time/format.ts.
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

/** Human age: en `17 min`, `3 h 5 min`, `2 d`; zh-HK `17 分鐘`, `3 小時 5 分鐘`, `2 日`. */
export function formatAge(since: Date | string, now = new Date(), locale: Locale = 'en'): string {
  const zh = locale === 'zh-HK';
  const minutes = Math.max(0, Math.floor((now.getTime() - new Date(since).getTime()) / 60_000));
  if (minutes < 60) return zh ? `${minutes} 分鐘` : `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return zh ? `${hours} 小時 ${minutes % 60} 分鐘` : `${hours} h ${minutes % 60} min`;
  return zh ? `${Math.floor(hours / 24)} 日` : `${Math.floor(hours / 24)} d`;
}
