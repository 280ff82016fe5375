import { describe, expect, it } from 'vitest';
import { formatAge, formatMoney } from '@/lib/format';
import { formatDate, formatDateTime, formatDateTimeSeconds } from '@/lib/time/format';

// 2026-12-01 13:05:09 UTC is 21:05:09 in Hong Kong; 2026-12-01 17:30 UTC is already 2 December there.
const evening = new Date('2026-12-01T13:05:09Z');
const afterMidnight = '2026-12-01T17:30:00Z';

describe('amounts for people', () => {
  it('keeps English as it was: HKD and the amount', () => {
    expect(formatMoney(18_470)).toBe('HKD 184.70');
    expect(formatMoney(123_456_789, 'HKD', 'en')).toBe('HKD 1,234,567.89');
  });

  it('reads HK$ in Chinese, with the sign before it', () => {
    expect(formatMoney(18_470, 'HKD', 'zh-HK')).toBe('HK$184.70');
    expect(formatMoney(5, 'HKD', 'zh-HK')).toBe('HK$0.05');
    expect(formatMoney(-120_000, 'HKD', 'zh-HK')).toBe('-HK$1,200.00');
  });

  it('names any other currency by its code in both languages', () => {
    expect(formatMoney(100, 'USD', 'zh-HK')).toBe('USD 1.00');
  });
});

describe('times for people (always Hong Kong time)', () => {
  it('keeps English as it was', () => {
    expect(formatDateTime(evening)).toBe('2026-12-01 21:05');
    expect(formatDateTimeSeconds(evening, 'en')).toBe('2026-12-01 21:05:09');
    expect(formatDate(afterMidnight)).toBe('2026-12-02');
  });

  it('writes Chinese dates with 年月日 and a 24-hour clock', () => {
    expect(formatDateTime(evening, 'zh-HK')).toBe('2026年12月1日 21:05');
    expect(formatDateTimeSeconds(evening, 'zh-HK')).toBe('2026年12月1日 21:05:09');
    expect(formatDate(afterMidnight, 'zh-HK')).toBe('2026年12月2日');
    expect(formatDateTime(afterMidnight, 'zh-HK')).toBe('2026年12月2日 01:30');
  });

  it('shows a dash for a missing time in both languages', () => {
    expect(formatDateTime(null, 'zh-HK')).toBe('—');
    expect(formatDateTimeSeconds(undefined)).toBe('—');
  });

  it('tells an age in either language', () => {
    const now = new Date('2026-12-01T13:00:00Z');
    const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
    expect(formatAge(ago(17), now)).toBe('17 min');
    expect(formatAge(ago(185), now, 'en')).toBe('3 h 5 min');
    expect(formatAge(ago(17), now, 'zh-HK')).toBe('17 分鐘');
    expect(formatAge(ago(185), now, 'zh-HK')).toBe('3 小時 5 分鐘');
    expect(formatAge(ago(3 * 24 * 60), now, 'zh-HK')).toBe('3 日');
  });
});
