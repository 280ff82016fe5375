import 'server-only';
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { FORMULA_START } from '@/lib/finance/csv';
import { LOCALES } from '@/lib/i18n/locales';
import { HK_TZ } from '@/lib/time/hk';
import { auditRowHash, type ChainFields, type ChainProblem, CHAIN_FIELD_ORDER, GENESIS_HASH } from './chain';
import { csvRecords } from './csv-records';
import { auditCsvColumns } from './export-audit';
import { SeqSet } from './seq-set';

/**
 * Verifies an audit log CSV export offline (`npm run audit:verify -- --csv FILE`), the procedure
 * of docs/audit-verification.md: each row's hash from its own cells, and the link between every
 * two rows of the file whose seq numbers are consecutive. An export of a filter holds a subset of
 * the chain, so what lies between its rows cannot be checked from the file: the seq numbers it
 * lacks are counted, and are a problem only for an export said to be complete.
 */

export interface CsvChainReport {
  rows: number;
  /** Pairs of consecutive seq numbers in the file whose link was checked. */
  linksChecked: number;
  firstSeq: number | null;
  lastSeq: number | null;
  /** Seq numbers between the first and the last that the file does not hold. */
  missing: { count: number; first: number[] };
  problems: ChainProblem[];
  problemCount: number;
}

type ChainKey = keyof ChainFields | 'hash';
const TEXT_KEYS = CHAIN_FIELD_ORDER.filter((key) => key !== 'seq' && key !== 'id');
const MAX_ESCAPE_GUESSES = 6;

/** Where each hashed field is in the file, whichever language its headers are in. */
function chainColumnsOf(header: string[]): { index: Record<ChainKey, number>; shownTime: number } {
  for (const locale of LOCALES) {
    const columns = auditCsvColumns(locale);
    const index = {} as Record<ChainKey, number>;
    for (const column of columns) if (column.chain) index[column.chain] = header.indexOf(column.header);
    if (Object.values(index).every((i) => i >= 0)) return { index, shownTime: header.indexOf(columns[1]!.header) };
  }
  throw new Error(
    `not an audit log export with its hash chain (seq, prev_hash, hash and the hashed columns): ${header.join(', ')}`,
  );
}

/**
 * A cell as it was before the export guarded it against spreadsheet formulas (a leading `'` before
 * `=`, `+`, `-`, `@` …). A value that itself began with such a `'` reads the same, so both are tried.
 */
function readings(cell: string): string[] {
  return cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) ? [cell.slice(1), cell] : [cell];
}

/** Whether some reading of the row's cells hashes to its `hash` (the guarded reading first). */
function contentMatches(cells: Record<ChainKey, string>): boolean {
  const base = { ...cells } as ChainFields;
  const ambiguous = TEXT_KEYS.filter((key) => readings(cells[key]).length > 1).slice(0, MAX_ESCAPE_GUESSES);
  for (const key of TEXT_KEYS) base[key] = readings(cells[key])[0]!;
  for (let mask = 0; mask < 2 ** ambiguous.length; mask++) {
    const fields = { ...base };
    ambiguous.forEach((key, bit) => {
      if (mask & (2 ** bit)) fields[key] = cells[key];
    });
    if (auditRowHash(fields) === cells.hash) return true;
  }
  return false;
}

/** Hong Kong time as the export shows it, from `at_utc`. */
function shownTimeOf(atUtc: string): string | null {
  const ms = Date.parse(atUtc);
  return Number.isNaN(ms) ? null : format(new TZDate(ms, HK_TZ), 'yyyy-MM-dd HH:mm:ss');
}

export async function verifyAuditCsv(
  chunks: AsyncIterable<string>,
  { maxProblems = 20 }: { maxProblems?: number } = {},
): Promise<CsvChainReport> {
  const report: CsvChainReport = {
    rows: 0,
    linksChecked: 0,
    firstSeq: null,
    lastSeq: null,
    missing: { count: 0, first: [] },
    problems: [],
    problemCount: 0,
  };
  const found = (problem: ChainProblem) => {
    report.problemCount += 1;
    if (report.problems.length < maxProblems) report.problems.push(problem);
  };
  // Rows wait here for their neighbour in the chain; in an export (newest first, nearly in seq
  // order) each finds it within a few rows, so these stay small.
  const hashOfSeq = new Map<number, string>();
  const claimOnSeq = new Map<number, { prevHash: string; seq: number; id: string; fileRow: number }>();
  const seen = new SeqSet();
  let columns: ReturnType<typeof chainColumnsOf> | null = null;

  for await (const record of csvRecords(chunks)) {
    if (!columns) {
      columns = chainColumnsOf(record);
      continue;
    }
    if (record.length === 1 && record[0] === '') continue;
    report.rows += 1;
    const fileRow = report.rows;
    const cells = {} as Record<ChainKey, string>;
    for (const [key, i] of Object.entries(columns.index)) cells[key as ChainKey] = record[i] ?? '';
    const seq = /^[1-9]\d{0,15}$/.test(cells.seq) ? Number(cells.seq) : null;
    const at = { seq, id: cells.id, fileRow };
    if (seq === null || record.length < Object.keys(columns.index).length) {
      found({ kind: 'malformed_row', ...at, found: cells.seq });
      continue;
    }
    report.firstSeq = Math.min(report.firstSeq ?? seq, seq);
    report.lastSeq = Math.max(report.lastSeq ?? seq, seq);
    if (seen.has(seq)) found({ kind: 'seq_repeated', ...at });
    seen.add(seq);

    if (!contentMatches(cells)) found({ kind: 'content_hash_mismatch', ...at, found: cells.hash });
    const shown = record[columns.shownTime];
    const expectedShown = shownTimeOf(cells.at);
    if (shown !== expectedShown)
      found({ kind: 'shown_time_mismatch', ...at, expected: expectedShown ?? '', found: shown });

    // The link to the row before, checked when that row is in the file (row 1's is to the genesis).
    const before = seq === 1 ? GENESIS_HASH : hashOfSeq.get(seq - 1);
    if (before !== undefined) {
      hashOfSeq.delete(seq - 1);
      report.linksChecked += 1;
      if (cells.prevHash !== before)
        found({ kind: 'prev_link_mismatch', ...at, expected: before, found: cells.prevHash });
    } else claimOnSeq.set(seq - 1, { prevHash: cells.prevHash, seq, id: cells.id, fileRow });
    // The link from the row after, when that row came first.
    const after = claimOnSeq.get(seq);
    if (after) {
      claimOnSeq.delete(seq);
      report.linksChecked += 1;
      if (after.prevHash !== cells.hash) {
        const { prevHash, ...where } = after;
        found({ kind: 'prev_link_mismatch', ...where, expected: cells.hash, found: prevHash });
      }
    } else hashOfSeq.set(seq, cells.hash);
  }
  if (!columns) throw new Error('the file is empty');

  if (report.firstSeq !== null && report.lastSeq !== null) {
    report.missing = seen.missingBetween(report.firstSeq, report.lastSeq, maxProblems);
  }
  return report;
}
