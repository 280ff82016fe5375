import { describe, expect, it } from 'vitest';
import { parseGatewayTime, parseTradeTime, toGatewayTime, toTradeTime } from '@/lib/eftpay/time';

describe('gateway time is Hong Kong time, UTC+8 (docs/eftpay-gateway.md §12 #6)', () => {
  it('formats a UTC instant as HK yyyyMMddHHmmss', () => {
    expect(toGatewayTime(new Date('2019-08-24T02:40:52Z'))).toBe('20190824104052');
  });

  it('crosses the date line into the next HK day', () => {
    expect(toGatewayTime(new Date('2023-12-31T16:00:00Z'))).toBe('20240101000000');
  });

  it('formats trade times as yyyy-MM-dd HH:mm:ss', () => {
    expect(toTradeTime(new Date('2019-08-24T02:41:25Z'))).toBe('2019-08-24 10:41:25');
  });

  it('parses gateway time back to the same instant', () => {
    expect(parseGatewayTime('20190824104052')?.toISOString()).toBe('2019-08-24T02:40:52.000Z');
  });

  it('parses trade time as HK time', () => {
    expect(parseTradeTime('2019-08-24 10:41:25')?.toISOString()).toBe('2019-08-24T02:41:25.000Z');
    expect(parseTradeTime('2024-01-01 07:59:59')?.toISOString()).toBe('2023-12-31T23:59:59.000Z');
  });

  it.each([
    '',
    '2019082410405',
    '201908241040521',
    '20190230104052',
    '20190824244052',
    '2019-08-24 10:40:52',
    'abcdefghijklmn',
  ])('rejects gateway time "%s"', (text) => {
    expect(parseGatewayTime(text)).toBeNull();
  });

  it.each(['', '2019-08-24T10:41:25', '2019-13-01 00:00:00', '2019-08-24 10:41', '20190824104125'])(
    'rejects trade time "%s"',
    (text) => {
      expect(parseTradeTime(text)).toBeNull();
    },
  );

  it('does not depend on the process timezone', () => {
    const date = new Date('2020-06-01T12:00:00Z');
    expect(toGatewayTime(date)).toBe('20200601200000');
    expect(parseGatewayTime(toGatewayTime(date))?.getTime()).toBe(date.getTime());
  });
});
