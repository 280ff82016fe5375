import 'server-only';
import { Readable } from 'node:stream';
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { HK_TZ } from '@/lib/time/hk';

/**
 * Streaming CSV for the exports (refunds, audit log). Rows are read from the database in keyset
 * batches — never all at once, never with OFFSET — and written out as they come, so memory stays
 * flat however many rows the filter matches. Batches work the same on PGlite and
 * node-postgres, and no transaction or connection is held while a slow client downloads.
 * Rows travel in batches between the stages: a million rows means a few hundred hand-overs, not
 * a million.
 */

export interface CsvColumn<Row> {
  header: string;
  value: (row: Row) => string | number | null;
}

/**
 * A code → word lookup, translated once per export rather than once per row: a million rows cost
 * a million map reads, not a million message formats. A code the table does not know (a value
 * added to the database before its words) is written as it is.
 */
export function codeWords<Code extends string>(
  codes: readonly Code[],
  word: (code: Code) => string,
): (code: string) => string {
  const words = new Map<string, string>(codes.map((code) => [code, word(code)]));
  return (code) => words.get(code) ?? code;
}

/**
 * Every row of a keyset-ordered query, batch by batch. The next batch is asked for as soon as the
 * current one arrives, so the database works while the caller formats and writes.
 */
export async function* keysetBatches<Row, Cursor>(
  fetchBatch: (after: Cursor | undefined) => Promise<Row[]>,
  cursorOf: (row: Row) => Cursor,
  batchSize: number,
): AsyncGenerator<Row[]> {
  let pending: Promise<Row[]> | null = fetchBatch(undefined);
  try {
    while (pending) {
      const batch: Row[] = await pending;
      const last = batch.at(-1);
      pending = batch.length === batchSize && last !== undefined ? fetchBatch(cursorOf(last)) : null;
      if (batch.length > 0) yield batch;
    }
  } finally {
    // A consumer that stops early leaves a batch in flight; its outcome no longer matters.
    pending?.catch(() => {});
  }
}

/**
 * Passes the batches through, then reports how many rows went out and whether the stream ran to
 * its end — also when the client went away or a read failed (`completed: false`).
 */
export async function* reportWhenDone<Row>(
  batches: AsyncIterable<Row[]>,
  report: (summary: { rows: number; completed: boolean }) => Promise<void>,
): AsyncGenerator<Row[]> {
  let rows = 0;
  let completed = false;
  try {
    for await (const batch of batches) {
      rows += batch.length;
      yield batch;
    }
    completed = true;
  } finally {
    await report({ rows, completed });
  }
}

/** UTF-8 byte-order mark: without it Excel reads the file as ANSI and garbles Chinese notes. */
const BOM = '\uFEFF';

const MUST_QUOTE = /[",\r\n]/;
// Spreadsheet formula injection (OWASP "CSV injection"): a cell starting with one of these (or
// their full-width forms) may run as a formula when the file is opened, so it gets a leading `'`.
export const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/**
 * One RFC 4180 field, exactly as csv-stringify writes it with `escape_formulas` (a property test
 * holds the two together): quoted when it holds a comma, quote or line break; quotes doubled;
 * null empty; numbers as they are.
 */
function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return MUST_QUOTE.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRecord(values: ReadonlyArray<string | number | null>): string {
  return `${values.map(csvField).join(',')}\n`;
}

/**
 * The file as a stream: BOM and header first, then one chunk per batch of rows. Rows are encoded
 * here rather than record by record through csv-stringify's stream, which costs three times the
 * CPU per row — at a million rows, the difference between meeting the export budget and missing
 * it (docs/adr/0005-refund-export-streaming.md).
 */
export function csvStream<Row>(batches: AsyncIterable<Row[]>, columns: ReadonlyArray<CsvColumn<Row>>): Readable {
  async function* chunks() {
    yield BOM + csvRecord(columns.map((c) => c.header));
    for await (const batch of batches) {
      let text = '';
      for (const row of batch) text += csvRecord(columns.map((c) => c.value(row)));
      yield text;
    }
  }
  // Destroying the stream (client gone) returns the generators, which runs their `finally`; a
  // failed read errors the stream, so the download fails visibly instead of hanging.
  return Readable.from(chunks(), { objectMode: false });
}

/** Node stream → web stream for a Response body; cancelling the download stops the reads. */
export function toWebStream(readable: Readable): ReadableStream<Uint8Array> {
  const iterator = readable[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await iterator.next();
      if (done) controller.close();
      else controller.enqueue(new Uint8Array(typeof value === 'string' ? Buffer.from(value) : (value as Buffer)));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

/** `refunds-20261123-1405.csv`: the download's name, stamped in Hong Kong time. */
export function csvFileName(prefix: string, now = new Date()): string {
  return `${prefix}-${format(new TZDate(now, HK_TZ), 'yyyyMMdd-HHmm')}.csv`;
}

export function csvResponseHeaders(fileName: string): HeadersInit {
  return {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename=${fileName}`,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  };
}
