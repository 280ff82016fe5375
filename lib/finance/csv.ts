import { pipeline, Readable } from 'node:stream';
import { TZDate } from '@date-fns/tz';
import { stringify } from 'csv-stringify';
import { format } from 'date-fns';
import { HK_TZ } from '@/lib/time/hk';

/**
 * Streaming CSV for the exports (refunds, audit log). Rows are read from the database in keyset
 * batches — never all at once, never with OFFSET — and written through csv-stringify as they come,
 * so memory stays flat however many rows the filter matches. Batches work the same on PGlite and
 * node-postgres, and no transaction or connection is held while a slow client downloads.
 */

export interface CsvColumn<Row> {
  header: string;
  value: (row: Row) => string | number | null;
}

/**
 * Yields every row of a keyset-ordered query. The next batch is asked for as soon as the current
 * one arrives, so the database works while the caller formats and writes.
 */
export async function* keysetRows<Row, Cursor>(
  fetchBatch: (after: Cursor | undefined) => Promise<Row[]>,
  cursorOf: (row: Row) => Cursor,
  batchSize: number,
): AsyncGenerator<Row> {
  let pending: Promise<Row[]> | null = fetchBatch(undefined);
  try {
    while (pending) {
      const batch: Row[] = await pending;
      const last = batch.at(-1);
      pending = batch.length === batchSize && last !== undefined ? fetchBatch(cursorOf(last)) : null;
      yield* batch;
    }
  } finally {
    // A consumer that stops early leaves a batch in flight; its outcome no longer matters.
    pending?.catch(() => {});
  }
}

/**
 * Passes the rows through and then reports how many went out and whether the stream ran to its
 * end — also when the client went away or a read failed (`completed: false`).
 */
export async function* reportWhenDone<Row>(
  rows: AsyncIterable<Row>,
  report: (summary: { rows: number; completed: boolean }) => Promise<void>,
): AsyncGenerator<Row> {
  let count = 0;
  let completed = false;
  try {
    for await (const row of rows) {
      count += 1;
      yield row;
    }
    completed = true;
  } finally {
    await report({ rows: count, completed });
  }
}

/** UTF-8 with a byte-order mark (Excel otherwise misreads Chinese notes), header row first. */
export function csvStream<Row>(rows: AsyncIterable<Row>, columns: ReadonlyArray<CsvColumn<Row>>): Readable {
  const source = Readable.from(
    (async function* () {
      for await (const row of rows) yield columns.map((c) => c.value(row));
    })(),
  );
  const csv = stringify({ bom: true, header: true, columns: columns.map((c) => c.header) });
  // pipeline, not pipe: a failed read errors the CSV stream (the download fails visibly instead of
  // hanging), and destroying the CSV side (client gone) ends the source, which runs its `finally`.
  pipeline(source, csv, () => {});
  return csv;
}

/** Node stream → web stream for a Response body; cancelling the download stops the reads. */
export function toWebStream(readable: Readable): ReadableStream<Uint8Array> {
  const iterator = readable[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await iterator.next();
      if (done) controller.close();
      else controller.enqueue(typeof value === 'string' ? encoder.encode(value) : new Uint8Array(value));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

/**
 * Spreadsheet formula injection: a cell starting with = + - @ (or a tab/CR) can run as a formula
 * when the file is opened. Free text typed by people or sent by eftPay is prefixed with `'`.
 */
export function safeText(value: string | null): string | null {
  if (value === null) return null;
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
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
