import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditFilter } from '@/lib/audit/audit-filter';
import { GENESIS_HASH } from '@/lib/audit/chain';
import { exportAuditCsv } from '@/lib/audit/export-audit';
import { verifyAuditCsv } from '@/lib/audit/verify-csv';
import type { StaffActor } from '@/lib/auth/actor';
import type { Locale } from '@/lib/i18n/locales';
import { makeStaff } from '../../support/fixtures';
import { testDatabaseForFile } from '../../support/harness';
import { parseCsv } from '../finance/csv';
import { chainRows, normalActivity } from './helpers';

/**
 * The audit CSV export carries the chain, and `verifyAuditCsv` (`npm run audit:verify -- --csv`)
 * checks a file offline by the procedure of docs/audit-verification.md: each row's hash from its
 * own cells, and the links between rows of consecutive seq numbers.
 */
const database = testDatabaseForFile();
let finance: StaffActor;
beforeAll(async () => {
  await normalActivity(database);
  finance = await makeStaff(database.db, 'finance');
});

async function exported(input: AuditFilter = {}, locale: Locale = 'en'): Promise<string> {
  let text = '';
  for await (const chunk of exportAuditCsv({ ctx: { db: database.db, actor: finance }, input, locale, batchSize: 4 })) {
    text += String(chunk);
  }
  return text;
}

/** The file in small pieces, as a stream delivers it: fields, quotes and characters cut across. */
async function* pieces(text: string, size = 7) {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

/** The file with one cell replaced, in the first data row that `pick` picks. */
function editCell(text: string, pick: (line: string) => boolean, header: string, value: string): string {
  const lines = text.split('\n');
  const columns = parseCsv(lines[0]!.replace(/^\uFEFF/, ''))[0]!;
  const at = lines.findIndex((line, i) => i > 0 && pick(line));
  const cells = parseCsv(lines[at]!)[0]!;
  cells[columns.indexOf(header)] = value;
  lines[at] = cells.map((c) => (/[",\r\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(',');
  return lines.join('\n');
}

const micro = (line: string) => line.includes('test.microseconds');
const hasPython = () => spawnSync('python3', ['--version']).status === 0;

describe('verifying an audit CSV export offline', () => {
  it('verifies a whole export: every row hashes, every link holds, no seq is missing', async () => {
    const rows = await chainRows(database.db);
    const text = await exported();

    const report = await verifyAuditCsv(pieces(text));
    expect(report).toMatchObject({ rows: rows.length, firstSeq: 1, lastSeq: rows.length, problemCount: 0 });
    expect(report.linksChecked).toBe(rows.length);
    expect(report.missing.count).toBe(0);
    // The awkward rows survived the trip: a formula guard, JSON of every kind, microseconds.
    expect(text).toContain(`'=HYPERLINK`);
    expect(text).toContain(`'-5`);
    expect(text).toContain('2026-03-01T12:00:00.123456Z');
  });

  it('verifies an export in Traditional Chinese headers the same way', async () => {
    const report = await verifyAuditCsv(pieces(await exported({}, 'zh-HK')));
    expect(report.problemCount).toBe(0);
    expect(report.rows).toBeGreaterThan(10);
  });

  it('checks a filtered export row by row and across consecutive seq numbers only, counting the rest', async () => {
    const report = await verifyAuditCsv(pieces(await exported({ action: 'test.routine' })));

    expect(report.rows).toBe(6);
    expect(report.problemCount).toBe(0);
    // The six routine rows were written one after another: five links between them are in the file.
    expect(report.linksChecked).toBe(5);
    expect(report.missing.count).toBe(0);
    const mixed = await verifyAuditCsv(pieces(await exported({ actor: 'staff' })));
    expect(mixed.problemCount).toBe(0);
    expect(mixed.missing.count).toBeGreaterThan(0);
  });

  it('names the file row whose cells were edited', async () => {
    const text = await exported();
    const edited = editCell(text, micro, 'Context (JSON)', '"-2"');

    const report = await verifyAuditCsv(pieces(edited));
    expect(report.problemCount).toBe(1);
    // The oldest row by time, so the last of the file (newest first).
    expect(report.problems[0]).toMatchObject({ kind: 'content_hash_mismatch', fileRow: report.rows });
  });

  it('names an edited Hong Kong time, which the hash does not cover but at_utc does', async () => {
    const edited = editCell(await exported(), micro, 'Time (Hong Kong time)', '2026-03-01 21:00:00');

    const report = await verifyAuditCsv(pieces(edited));
    expect(report.problems).toEqual([
      expect.objectContaining({
        kind: 'shown_time_mismatch',
        expected: '2026-03-01 20:00:00',
        found: '2026-03-01 21:00:00',
      }),
    ]);
  });

  it('counts a removed row as missing, and a row whose link was forged as a broken link', async () => {
    const text = await exported();
    const lines = text.split('\n');
    const withoutOne = [...lines.slice(0, 3), ...lines.slice(4)].join('\n');
    const removed = await verifyAuditCsv(pieces(withoutOne));
    expect(removed.problemCount).toBe(0);
    expect(removed.missing.count).toBe(1);

    const forged = editCell(text, (line) => line.includes(`,1,${GENESIS_HASH},`), 'prev_hash', 'f'.repeat(64));
    const report = await verifyAuditCsv(pieces(forged));
    expect(report.problems.map((p) => [p.kind, p.seq])).toEqual([
      ['content_hash_mismatch', 1],
      ['prev_link_mismatch', 1],
    ]);
  });

  it.runIf(hasPython())('passes and fails files as the documented Python procedure does', async () => {
    const doc = fs.readFileSync(path.join(process.cwd(), 'docs', 'audit-verification.md'), 'utf8');
    const program = doc.match(/```python\n([\s\S]*?)```/)![1]!;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-doc-'));
    const python = (file: string) => spawnSync('python3', [path.join(dir, 'verify.py'), file], { encoding: 'utf8' });
    try {
      fs.writeFileSync(path.join(dir, 'verify.py'), program);
      const text = await exported({}, 'zh-HK');
      fs.writeFileSync(path.join(dir, 'good.csv'), text);
      fs.writeFileSync(path.join(dir, 'bad.csv'), text.replace('test.routine', 'test.rootine'));

      const good = python(path.join(dir, 'good.csv'));
      expect(good.stdout).toMatch(/^\d+ rows, 0 problems\n$/);
      expect(good.status).toBe(0);
      const bad = python(path.join(dir, 'bad.csv'));
      expect(bad.stdout).toMatch(/^seq \d+: content hash mismatch\n\d+ rows, 1 problems\n$/);
      expect(bad.status).toBe(1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a file that is not an audit export with its chain', async () => {
    await expect(verifyAuditCsv(pieces('\uFEFFEntry no.,Action\n1,x\n'))).rejects.toThrow(/hash chain/);
  });
});
