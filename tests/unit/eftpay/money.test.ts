import { describe, expect, it } from 'vitest';
import { centsToAmount, MAX_AMOUNT_CENTS, parseAmountToCents } from '@/lib/money';

describe('centsToAmount', () => {
  it.each([
    [0, '0.00'],
    [1, '0.01'],
    [29, '0.29'],
    [100, '1.00'],
    [12345, '123.45'],
    [MAX_AMOUNT_CENTS, '99999.99'],
  ])('renders %i cents as "%s"', (cents, text) => {
    expect(centsToAmount(cents)).toBe(text);
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, MAX_AMOUNT_CENTS + 1])(
    'throws on %s (not an integer from 0 to the String(8) maximum)',
    (cents) => {
      expect(() => centsToAmount(cents)).toThrow(RangeError);
    },
  );
});

describe('parseAmountToCents', () => {
  it.each([
    ['0', 0],
    ['0.1', 10],
    ['0.29', 29],
    ['1', 100],
    ['1.5', 150],
    ['12.30', 1230],
    ['00012', 1200],
    ['99999.99', MAX_AMOUNT_CENTS],
  ])('parses "%s" as %i cents', (text, cents) => {
    expect(parseAmountToCents(text)).toBe(cents);
  });

  it.each([
    '',
    ' ',
    ' 1',
    '1 ',
    '-1',
    '+1',
    '0.001',
    '1e3',
    '１００',
    '1.',
    '.5',
    '1,00',
    '100000',
    'NaN',
    '0x10',
    '1.2.3',
  ])('rejects "%s"', (text) => {
    expect(parseAmountToCents(text)).toBeNull();
  });

  it('round-trips every cents value it renders', () => {
    for (const cents of [0, 7, 99, 100, 101, 5000, 123456, MAX_AMOUNT_CENTS]) {
      expect(parseAmountToCents(centsToAmount(cents))).toBe(cents);
    }
  });
});
