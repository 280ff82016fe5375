import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { HK_TZ } from './time/hk';

/**
 * The one place amounts and times are formatted for people. Amounts are integer cents and are
 * rendered with string arithmetic, never through floating point.
 */
export function formatMoney(cents: number, currency = 'HKD'): string {
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

/** `2026-11-23 14:05` in Hong Kong time. */
export function formatDateTime(instant: Date | string | null | undefined): string {
  if (!instant) return '—';
  return format(new TZDate(new Date(instant), HK_TZ), 'yyyy-MM-dd HH:mm');
}

export function formatDateTimeSeconds(instant: Date | string | null | undefined): string {
  if (!instant) return '—';
  return format(new TZDate(new Date(instant), HK_TZ), 'yyyy-MM-dd HH:mm:ss');
}

/** `2026-11-23` in Hong Kong time. */
export function formatDate(instant: Date | string): string {
  return format(new TZDate(new Date(instant), HK_TZ), 'yyyy-MM-dd');
}

/** Human age such as `17 min`, `3 h 5 min`, `2 d`. */
export function formatAge(since: Date | string, now = new Date()): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - new Date(since).getTime()) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d`;
}
