import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditRowHash, type ChainFields, canonicalAuditText, checkChainRow, GENESIS_HASH } from '@/lib/audit/chain';
import { csvRecords } from '@/lib/audit/csv-records';
import { SeqSet } from '@/lib/audit/seq-set';

const DOC = fs.readFileSync(path.join(import.meta.dirname, '../../../docs/audit-verification.md'), 'utf8');

/** The worked example of docs/audit-verification.md, field by field. */
const EXAMPLE: ChainFields = {
  seq: '42',
  id: '57',
  at: '2026-12-01T13:05:00.123456Z',
  actorKind: 'staff',
  actorStaffId: '3f1c2a9e-7b4d-4c1a-9e2f-5a6b7c8d9e0f',
  action: 'refund.requested',
  entityType: 'refund',
  entityId: '8e2d4f60-1a3b-4c5d-8e9f-0a1b2c3d4e5f',
  orderId: 'c0ffee00-1234-4abc-8def-0123456789ab',
  storeId: '5b0e7a1c-2d3e-4f50-a617-28394a5b6c7d',
  ip: '203.0.113.7',
  userAgent: 'Mozilla/5.0 (iPhone)',
  before: null,
  after: '{"note": "換貨", "reason": "customer_request", "amountCents": 1500}',
  data: '{"remainderBeforeCents": 18470}',
  prevHash: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
};

describe('the canonical text of an audit row', () => {
  it('is the documented worked example, byte for byte, with its documented hash', () => {
    const example = DOC.slice(DOC.indexOf('**Worked example**'));
    const block = example.match(/```text\n([\s\S]*?)```/)?.[1];
    const hash = example.match(/and the hash `([0-9a-f]{64})`/)?.[1];

    expect(canonicalAuditText(EXAMPLE)).toBe(block);
    expect(auditRowHash(EXAMPLE)).toBe(hash);
    // The one value the migration computed for this row (PGlite), so the two implementations agree.
    expect(hash).toBe('0ca56d8dd2fecb1e0bd85e86c571b6d8158f15bd8222ce8b9a6c8a92d008dbf3');
  });

  it('counts UTF-8 bytes, and cannot be shifted from one field into the next', () => {
    expect(canonicalAuditText({ ...EXAMPLE, ip: '換' })).toContain('\n3:換\n');
    // Joined by line breaks alone, these two would read the same.
    const one = { ...EXAMPLE, entityType: 'a\nb', entityId: 'c' };
    const other = { ...EXAMPLE, entityType: 'a', entityId: 'b\nc' };
    expect(auditRowHash(one)).not.toBe(auditRowHash(other));
  });

  it('hashes an absent value as the empty text, as an empty CSV cell holds it', () => {
    expect(auditRowHash({ ...EXAMPLE, ip: null })).toBe(auditRowHash({ ...EXAMPLE, ip: '' }));
  });
});

describe('checking a row against the one before it', () => {
  const row = (seq: number, prevHash: string) => {
    const fields = { ...EXAMPLE, seq: String(seq), prevHash };
    return { ...fields, hash: auditRowHash(fields) };
  };

  it('finds nothing wrong with the next row, linked and hashed', () => {
    expect(checkChainRow(row(1, GENESIS_HASH), { seq: 0, hash: GENESIS_HASH })).toEqual([]);
  });

  it('names a gap, a repeat, a broken link and a changed content', () => {
    expect(checkChainRow(row(5, 'x'), { seq: 3, hash: 'x' }).map((p) => p.kind)).toEqual(['seq_gap']);
    expect(checkChainRow(row(3, 'x'), { seq: 3, hash: 'x', id: '9' })).toEqual([
      expect.objectContaining({ kind: 'seq_repeated', expected: '9' }),
    ]);
    expect(checkChainRow(row(4, 'x'), { seq: 3, hash: 'y' }).map((p) => p.kind)).toEqual(['prev_link_mismatch']);
    const changed = { ...row(4, 'y'), action: 'refund.cancelled' };
    expect(checkChainRow(changed, { seq: 3, hash: 'y' }).map((p) => p.kind)).toEqual(['content_hash_mismatch']);
  });
});

describe('reading CSV records from a stream', () => {
  async function read(text: string, size: number) {
    async function* chunks() {
      for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
    }
    const records: string[][] = [];
    for await (const record of csvRecords(chunks())) records.push(record);
    return records;
  }

  it('reads quotes, doubled quotes, line breaks in quotes, CRLF and a BOM, however the chunks fall', async () => {
    const text = '\uFEFFa,b,c\r\n"x, ""y""","line\nbreak",\r\n1,,"退款"\n';
    for (const size of [1, 2, 3, 5, 100]) {
      expect(await read(text, size)).toEqual([
        ['a', 'b', 'c'],
        ['x, "y"', 'line\nbreak', ''],
        ['1', '', '退款'],
      ]);
    }
  });

  it('keeps a last record without a line break, and refuses a file cut inside quotes', async () => {
    expect(await read('a,b\n1,2', 3)).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    await expect(read('a,"b\n', 2)).rejects.toThrow(/quoted/);
  });
});

describe('a set of seq numbers', () => {
  it('counts the numbers missing in a range and names the first', () => {
    const set = new SeqSet();
    for (const seq of [1, 2, 3, 5, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 20]) set.add(seq);
    expect(set.missingBetween(1, 20, 3)).toEqual({ count: 5, first: [4, 6, 7] });
    expect(set.has(5) && !set.has(4)).toBe(true);
  });

  it('keeps a forged huge number apart instead of growing without bound', () => {
    const set = new SeqSet();
    set.add(1);
    set.add(2 ** 40);
    expect(set.has(2 ** 40)).toBe(true);
    expect(set.missingBetween(1, 3, 5)).toEqual({ count: 2, first: [2, 3] });
    set.add(100_000);
    expect(set.missingBetween(99_999, 100_001, 5)).toEqual({ count: 2, first: [99_999, 100_001] });
  });
});
