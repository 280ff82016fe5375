import 'server-only';

/**
 * The records of an RFC 4180 CSV text arriving in chunks (a file stream): quoted fields, doubled
 * quotes, line breaks inside quotes, CRLF or LF, a leading byte-order mark dropped. One record at a
 * time, so a file of millions of rows is read in constant memory.
 */
export async function* csvRecords(chunks: AsyncIterable<string>): AsyncGenerator<string[]> {
  let record: string[] = [];
  let field = '';
  let quoted = false;
  /** The previous character closed a quoted section (a quote next is a doubled one). */
  let closedQuote = false;
  let pendingCr = false;
  let first = true;
  for await (let chunk of chunks) {
    if (first) {
      if (chunk.startsWith('\uFEFF')) chunk = chunk.slice(1);
      first = chunk.length === 0;
    }
    for (const ch of chunk) {
      if (pendingCr) {
        pendingCr = false;
        if (ch === '\n') continue;
      }
      if (quoted) {
        if (ch === '"') {
          quoted = false;
          closedQuote = true;
        } else field += ch;
        continue;
      }
      if (ch === '"') {
        // `""` inside a quoted field is one quote; a quote opening a field starts quoting.
        if (closedQuote) field += '"';
        quoted = true;
        closedQuote = false;
        continue;
      }
      closedQuote = false;
      if (ch === ',') {
        record.push(field);
        field = '';
      } else if (ch === '\n' || ch === '\r') {
        pendingCr = ch === '\r';
        record.push(field);
        yield record;
        record = [];
        field = '';
      } else field += ch;
    }
  }
  if (quoted) throw new Error('the file ends inside a quoted field');
  if (field !== '' || record.length > 0) {
    record.push(field);
    yield record;
  }
}
