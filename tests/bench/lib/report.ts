import fs from 'node:fs';
import path from 'node:path';

/** A plain-text table for the terminal; numbers right-aligned. */
export function formatTable(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  const cells = [header, ...rows].map((row) => row.map((c) => (typeof c === 'number' ? c.toFixed(2) : c)));
  const widths = header.map((_, i) => Math.max(...cells.map((row) => row[i]?.length ?? 0)));
  const line = (row: readonly string[], raw: ReadonlyArray<string | number>) =>
    `| ${row.map((c, i) => (typeof raw[i] === 'number' ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ')} |`;
  return [
    line(cells[0]!, header),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...cells.slice(1).map((row, i) => line(row, rows[i]!)),
  ].join('\n');
}

export const RESULTS_DIR = path.join(process.cwd(), 'tests', 'bench', 'results');

/** Writes `tests/bench/results/<name>.json` (via a temp file, so a crash leaves the old one whole). */
export function writeResults(name: string, payload: unknown): string {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${name}.json`);
  fs.writeFileSync(`${file}.tmp`, `${JSON.stringify(payload, null, 2)}\n`);
  fs.renameSync(`${file}.tmp`, file);
  return file;
}
