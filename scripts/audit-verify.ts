/**
 * Verifies the audit log's hash chain (docs/audit-verification.md).
 *
 *   npm run audit:verify                                   the whole chain in the database
 *   npm run audit:verify -- --from 1000 --to 2000          rows seq 1000…2000 (and the link into 1000)
 *   npm run audit:verify -- --from 2026-12-01 --to 2026-12-31   the rows written in those Hong Kong
 *                                                          days (ISO instants work too)
 *   npm run audit:verify -- --expect 1234:<hash>           also: row 1234 still holds that hash
 *   npm run audit:verify -- --csv audit-log.csv [--complete]   an audit CSV export, offline
 *
 * The database is DATABASE_URL, else the embedded PGlite folder (PGLITE_DIR, `.data/pglite`; stop
 * the console first — one process at a time). Prints OK with the count, or every problem found
 * with the first broken row first, and exits 1; 2 for a usage or reading error.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { connect } from '@/db/connect';
import type { ChainProblem } from '@/lib/audit/chain';
import { verifyAuditCsv } from '@/lib/audit/verify-csv';
import { type ChainRange, seqRangeOfTimes, verifyAuditChain } from '@/lib/audit/verify-chain';
import { hkDayRange } from '@/lib/time/hk';

const USAGE =
  'usage: npm run audit:verify -- [--from SEQ|DAY|INSTANT] [--to SEQ|DAY|INSTANT] [--expect SEQ:HASH] | --csv FILE [--complete]';

const n = (value: number) => value.toLocaleString('en');

function describeProblem(problem: ChainProblem): string {
  const where = [
    problem.seq === null ? null : `seq ${problem.seq}`,
    problem.id ? `id ${problem.id}` : null,
    problem.fileRow ? `file row ${problem.fileRow}` : null,
  ].filter(Boolean);
  const what = {
    seq_gap: () => {
      const missing = Number(problem.found) - Number(problem.expected);
      return `gap in seq: expected ${problem.expected}, found ${problem.found} (${n(missing)} row${missing === 1 ? '' : 's'} missing before it)`;
    },
    seq_repeated: () =>
      `seq repeated: ${problem.expected ? `row id ${problem.expected}` : 'another row'} has seq ${problem.seq} too (one of them was slipped in)`,
    prev_link_mismatch: () =>
      `prev link mismatch: prev_hash ${problem.found} is not the previous row's hash ${problem.expected}`,
    content_hash_mismatch: () =>
      problem.expected
        ? `content hash mismatch: the content hashes to ${problem.expected}, the row holds ${problem.found}`
        : `content hash mismatch: the row's cells do not hash to its hash ${problem.found}`,
    unchained: () => 'not in the chain: seq, prev_hash and hash are empty',
    checkpoint_mismatch: () =>
      problem.found
        ? `checkpoint mismatch: expected hash ${problem.expected}, the row now holds ${problem.found}`
        : `checkpoint mismatch: no row has this seq any more (expected hash ${problem.expected})`,
    malformed_row: () => `unreadable row: seq "${problem.found ?? ''}" or cells missing`,
    shown_time_mismatch: () =>
      `Hong Kong time "${problem.found}" is not at_utc's (${problem.expected}): the shown time was changed`,
  }[problem.kind];
  return `${where.join(', ')}: ${what()}`;
}

function printProblems(problems: ChainProblem[], count: number): void {
  const [first, ...rest] = problems;
  if (!first) return;
  console.log(`First broken row — ${describeProblem(first)}`);
  for (const problem of rest) console.log(`  then ${describeProblem(problem)}`);
  if (count > problems.length) console.log(`  … and ${n(count - problems.length)} more`);
}

/** `--from`/`--to`: digits are a seq; `YYYY-MM-DD` a Hong Kong day (inclusive); else an instant. */
async function rangeOf(
  db: Awaited<ReturnType<typeof connect>>['db'],
  from?: string,
  to?: string,
): Promise<ChainRange | null> {
  const isSeq = (v?: string) => v === undefined || /^\d+$/.test(v);
  if (isSeq(from) && isSeq(to)) return { fromSeq: from ? Number(from) : undefined, toSeq: to ? Number(to) : undefined };
  const day = /^\d{4}-\d{2}-\d{2}$/;
  const days = hkDayRange(from && day.test(from) ? from : undefined, to && day.test(to) ? to : undefined);
  const instant = (v: string) => {
    const at = new Date(v);
    if (Number.isNaN(at.getTime())) throw new Error(`not a seq, a day (YYYY-MM-DD) or an instant: ${v}\n${USAGE}`);
    return at;
  };
  const times = {
    from: from === undefined ? undefined : (days.from ?? instant(from)),
    to: to === undefined ? undefined : (days.to ?? instant(to)),
  };
  return seqRangeOfTimes(db, times);
}

async function verifyDatabase(values: { from?: string; to?: string; expect?: string }): Promise<boolean> {
  const checkpoint = values.expect?.match(/^(\d+):([0-9a-f]{64})$/);
  if (values.expect && !checkpoint) throw new Error(`--expect takes SEQ:HASH (64 hex digits)\n${USAGE}`);
  const url = process.env.DATABASE_URL || undefined;
  const dataDir = process.env.PGLITE_DIR || path.join('.data', 'pglite');
  // PGlite would create an empty database in a folder that is not there.
  if (!url && !fs.existsSync(dataDir))
    throw new Error(`No database: DATABASE_URL is not set and ${dataDir} does not exist.`);
  const database = await connect({ url, dataDir });
  try {
    const range = await rangeOf(database.db, values.from, values.to);
    if (!range) {
      console.log('OK: no audit rows were written in that time.');
      return true;
    }
    const report = await verifyAuditChain(database.db, range, {
      checkpoint: checkpoint ? { seq: Number(checkpoint[1]), hash: checkpoint[2]! } : undefined,
    });
    const span = report.firstSeq === null ? '' : ` (seq ${report.firstSeq}…${report.last?.seq})`;
    const scope = range.fromSeq === undefined && range.toSeq === undefined ? 'the whole chain' : 'the range';
    if (report.problemCount === 0) {
      console.log(`OK: ${n(report.rows)} rows${span}, ${scope}.`);
      if (report.last) console.log(`Last row: seq ${report.last.seq}, hash ${report.last.hash}.`);
      if (report.last && scope === 'the whole chain') {
        const mark = `${report.last.seq}:${report.last.hash}`;
        console.log(`Note it outside the database; later, --expect ${mark} checks the chain still holds it.`);
      }
      return true;
    }
    console.log(`BROKEN: ${n(report.problemCount)} problem(s) in ${n(report.rows)} rows${span}, ${scope}.`);
    printProblems(report.problems, report.problemCount);
    return false;
  } finally {
    await database.close();
  }
}

async function verifyCsv(file: string, complete: boolean): Promise<boolean> {
  const report = await verifyAuditCsv(fs.createReadStream(file, { encoding: 'utf8' }));
  const span = report.firstSeq === null ? '' : ` (seq ${report.firstSeq}…${report.lastSeq})`;
  const gaps = report.missing.count;
  const ok = report.problemCount === 0 && (!complete || gaps === 0);
  console.log(
    `${ok ? 'OK' : 'BROKEN'}: ${n(report.rows)} rows${span}; every row's own hash checked, ` +
      `${n(report.linksChecked)} links between consecutive seq numbers checked.`,
  );
  if (gaps > 0) {
    const first = report.missing.first.join(', ');
    console.log(
      complete
        ? `Missing from a complete export: ${n(gaps)} seq number(s), first ${first}.`
        : `The file lacks ${n(gaps)} seq number(s) between its first and last (first ${first}): ` +
            'a filtered export leaves rows out, and the links across those gaps cannot be checked from the file ' +
            '(verify the database, or pass --complete for an unfiltered export).',
    );
  }
  printProblems(report.problems, report.problemCount);
  return ok;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      expect: { type: 'string' },
      csv: { type: 'string' },
      complete: { type: 'boolean', default: false },
    },
  });
  if (values.csv) {
    if (values.from || values.to || values.expect) throw new Error(`--csv checks the file as it is\n${USAGE}`);
    return (await verifyCsv(values.csv, values.complete)) ? 0 : 1;
  }
  return (await verifyDatabase(values)) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    // Drizzle wraps the database's error (with the whole query); the database's own says more.
    const cause = (error as { cause?: { message?: string } }).cause?.message;
    console.error(cause ?? (error instanceof Error ? error.message : String(error)));
    process.exit(2);
  },
);
