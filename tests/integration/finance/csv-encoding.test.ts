import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvRecord, csvStream } from '@/lib/finance/csv';

// The exports encode rows themselves (three times cheaper per row than csv-stringify's stream);
// csv-stringify stays the reference they must agree with, byte for byte.
const reference = (records: Array<Array<string | number | null>>, options = {}) =>
  stringify(records, { escape_formulas: true, ...options });

const tricky = fc.string({
  unit: fc.constantFrom(
    'a',
    'Z',
    '1',
    ' ',
    '"',
    ',',
    '\n',
    '\r',
    '\t',
    '=',
    '+',
    '-',
    '@',
    '退',
    '款',
    '＝',
    '＠',
    "'",
  ),
});
const value = fc.oneof(tricky, fc.string({ unit: 'grapheme' }), fc.constant(null), fc.integer());

describe('CSV encoding', () => {
  it('writes every record exactly as csv-stringify does (quotes, line breaks, formulas, Chinese)', () => {
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 8 }), (values) => {
        expect(csvRecord(values)).toBe(reference([values]));
      }),
      { numRuns: 2_000 },
    );
  });

  it('writes the whole file as csv-stringify does with a BOM and a header', async () => {
    const rows = [
      { a: '顧客退回貨品，包裝完好', b: 12 },
      { a: '=SUM(A1:A9)', b: -3 },
      { a: 'size "M", not "L"\r\nswapped', b: null },
    ];
    const columns = [
      { header: 'note', value: (r: (typeof rows)[number]) => r.a },
      { header: 'amount (HKD)', value: (r: (typeof rows)[number]) => r.b },
    ];
    async function* batches() {
      yield rows.slice(0, 2);
      yield rows.slice(2);
    }
    const chunks: Buffer[] = [];
    for await (const chunk of csvStream(batches(), columns)) chunks.push(Buffer.from(chunk));

    const expected = reference(
      rows.map((r) => [r.a, r.b]),
      { bom: true, header: true, columns: columns.map((c) => c.header) },
    );
    expect(Buffer.concat(chunks).toString('utf8')).toBe(expected);
    expect([...Buffer.concat(chunks).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });
});
