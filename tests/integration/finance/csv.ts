/** Test-side CSV reading, shared by the integration and E2E tests of the exports. */

export const BOM = '\uFEFF';

/** A minimal RFC 4180 reader for the exports: quoted fields, doubled quotes, CRLF or LF. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** BOM stripped; the header row as names, the rest as objects keyed by header. */
export function readExport(text: string): { header: string[]; rows: Array<Record<string, string>> } {
  const [header = [], ...rows] = parseCsv(text.startsWith(BOM) ? text.slice(BOM.length) : text);
  return { header, rows: rows.map((cells) => Object.fromEntries(header.map((name, i) => [name, cells[i] ?? '']))) };
}
