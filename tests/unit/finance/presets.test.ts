import { describe, expect, it } from 'vitest';
import { financePresetRanges } from '@/lib/finance/presets';

describe('finance quick ranges', () => {
  it('on the first of the month, in Hong Kong, offer the whole month before it', () => {
    // 00:30 on 1 December in Hong Kong is still 30 November in UTC.
    const ranges = financePresetRanges(new Date('2026-11-30T16:30:00Z'));

    expect(ranges.lastMonth).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(ranges.thisMonth).toEqual({ from: '2026-12-01', to: '2026-12-01' });
    expect(ranges.last30).toEqual({ from: '2026-11-02', to: '2026-12-01' });
  });

  it('end last month on its own last day, February and December included', () => {
    expect(financePresetRanges(new Date('2028-03-10T04:00:00Z')).lastMonth).toEqual({
      from: '2028-02-01',
      to: '2028-02-29',
    });
    expect(financePresetRanges(new Date('2027-01-05T04:00:00Z')).lastMonth).toEqual({
      from: '2026-12-01',
      to: '2026-12-31',
    });
  });
});
