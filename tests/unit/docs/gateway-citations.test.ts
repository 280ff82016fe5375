import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Citations in code and tests must lead somewhere a reader of this repository can open: every
 * `§` section exists in docs/eftpay-gateway.md, every cited doc and heading exists, and nothing
 * points at a file outside the repository.
 */

const root = path.resolve(import.meta.dirname, '../../..');
const SELF = path.relative(root, import.meta.filename);
const GATEWAY_DOC = 'docs/eftpay-gateway.md';
const NOTE = `Sections (\u00a7) refer to ${GATEWAY_DOC}.`;
const SCANNED = ['app', 'components', 'lib', 'db', 'scripts', 'tests'];
const EXTENSIONS = /\.(ts|tsx|sql|json|sh|mjs|cjs)$/;
const SKIPPED_DIRS = new Set(['node_modules', '.next', 'results']);
/** Files that are not in the repository (the gateway's raw pages and the product brief). */
const OUTSIDE = /\b(?:API|PRODUCT|STYLE|TOOLCHAIN)\.md\b|\bseed 00\d\b|\/work\/shared\b/;

/** A § right after another standard's name cites that standard (`RFC 9110 §12.5.4`), not ours. */
const OTHER_STANDARD = /\b(?:RFC|ISO|ECMA-?)\s?\d+(?:[-:]\d+)*\s*$/;

type Sections = Map<string, Set<string>>;

/** Section number → the item labels under it (`#9` table rows or list items, `D4` vectors). */
function parseSections(markdown: string): Sections {
  const sections: Sections = new Map();
  let current: Set<string> | undefined;
  for (const line of markdown.split('\n')) {
    const heading = /^#{2,3}\s+(\d+(?:\.\d+)?)\.?\s/.exec(line);
    if (heading) {
      current = new Set();
      sections.set(heading[1]!, current);
      continue;
    }
    const item = /^\|\s*(\d+|D\d[a-z]?)\s*\||^(\d+)\.\s/.exec(line);
    if (item && current) {
      const label = item[1] ?? item[2]!;
      current.add(/^\d/.test(label) ? `#${label}` : label);
    }
  }
  return sections;
}

interface Citation {
  section: string;
  items: string[];
  line: number;
}

/** `§12 #4, #12`, `§12 #9–#12` (a range), `§2.3 D4`, `§4.1–§4.3` (two citations). */
function findCitations(source: string): Citation[] {
  const found: Citation[] = [];
  source.split('\n').forEach((text, index) => {
    const pattern = /\u00a7(\d+(?:\.\d+)?)((?:(?:\s+|,\s*|\s*[–-]\s*)#\d+)*)(?:\s+(D\d[a-z]?)\b)?/g;
    for (const match of text.matchAll(pattern)) {
      if (OTHER_STANDARD.test(text.slice(0, match.index))) continue;
      const items: string[] = [];
      for (const part of (match[2] ?? '').matchAll(/([–-]\s*)?#(\d+)/g)) {
        const n = Number(part[2]);
        const previous = Number(items.at(-1)?.slice(1));
        const from = part[1] && items.length > 0 ? previous + 1 : n;
        for (let i = from; i <= n; i++) items.push(`#${i}`);
      }
      if (match[3]) items.push(match[3]);
      found.push({ section: match[1]!, items, line: index + 1 });
    }
  });
  return found;
}

/** Problems in one file's text; `name` is its repository path. */
function checkFile(name: string, source: string, sections: Sections, headingsOf: (doc: string) => string[]) {
  const problems: string[] = [];
  const lines = source.split('\n');
  const hasNote = source.includes(NOTE);
  const citedLines = new Set(findCitations(source).map((citation) => citation.line));
  lines.forEach((text, index) => {
    const at = `${name}:${index + 1}`;
    // A citation wrapped onto the next line (`docs/eftpay-gateway.md §4.0,` / `§6.4)`) still names it.
    const named = text.includes(GATEWAY_DOC) || (lines[index - 1] ?? '').includes(GATEWAY_DOC);
    if (citedLines.has(index + 1) && !hasNote && !named) {
      problems.push(`${at}: § without ${GATEWAY_DOC} on the line or the note "${NOTE}" in the file`);
    }
    if (OUTSIDE.test(text)) problems.push(`${at}: cites a file outside the repository`);
    for (const [, doc] of text.matchAll(/\b(docs\/[\w./-]+\.md)\b/g)) {
      if (!existsSync(path.join(root, doc!))) problems.push(`${at}: ${doc} does not exist`);
    }
    for (const [, doc, heading] of text.matchAll(/\b(README|docs\/[\w./-]+\.md) "([^"]+)"/g)) {
      const file = doc === 'README' ? 'README.md' : doc!;
      if (existsSync(path.join(root, file)) && !headingsOf(file).includes(heading!)) {
        problems.push(`${at}: ${file} has no heading "${heading}"`);
      }
    }
  });
  for (const citation of findCitations(source)) {
    const at = `${name}:${citation.line}`;
    const items = sections.get(citation.section);
    if (!items) {
      problems.push(`${at}: §${citation.section} is not a section of ${GATEWAY_DOC}`);
      continue;
    }
    for (const item of citation.items) {
      if (!items.has(item)) problems.push(`${at}: §${citation.section} ${item} is not in ${GATEWAY_DOC}`);
    }
  }
  return problems;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = path.posix.join(dir, entry.name);
    if (entry.isDirectory() && !SKIPPED_DIRS.has(entry.name)) out.push(...sourceFiles(rel));
    else if (entry.isFile() && EXTENSIONS.test(entry.name) && rel !== SELF) out.push(rel);
  }
  return out;
}

function headings(file: string): string[] {
  return readFileSync(path.join(root, file), 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('#'))
    .map((line) => line.replace(/^#+\s*/, '').trim());
}

const gatewaySections = parseSections(readFileSync(path.join(root, GATEWAY_DOC), 'utf8'));

describe('citations in code and tests', () => {
  it('point only at sections of docs/eftpay-gateway.md, at docs that exist, and never outside the repository', () => {
    const problems = SCANNED.filter((dir) => existsSync(path.join(root, dir)))
      .flatMap(sourceFiles)
      .flatMap((file) => checkFile(file, readFileSync(path.join(root, file), 'utf8'), gatewaySections, headings));
    expect(problems).toEqual([]);
  });

  it('finds the sections and numbered choices the code relies on', () => {
    expect(gatewaySections.get('2.2')).toBeDefined();
    expect([...(gatewaySections.get('12') ?? [])]).toEqual(Array.from({ length: 20 }, (_, i) => `#${i + 1}`));
    expect(gatewaySections.get('2.3')?.has('D4')).toBe(true);
  });
});

describe('the citation check itself', () => {
  const sections = parseSections('## 4. Scene\n### 4.3 Close\n## 12. Choices\n| 1 | a | b |\n| 2 | c | d |\n');
  const check = (source: string) => checkFile('x.ts', source, sections, () => ['Roles']);

  it('accepts cited sections, items and ranges that exist', () => {
    expect(check(`// ${GATEWAY_DOC} \u00a74.3, \u00a712 #1–#2, \u00a74`)).toEqual([]);
    expect(check(`// ${NOTE}\n// see \u00a712 #2`)).toEqual([]);
    expect(check(`// ${GATEWAY_DOC} \u00a74.3,\n// \u00a712 #1`)).toEqual([]);
  });

  it('reports a missing section, a missing item and a range running past the end', () => {
    expect(check(`// ${GATEWAY_DOC} \u00a74.4`)).toHaveLength(1);
    expect(check(`// ${GATEWAY_DOC} \u00a712 #3`)).toHaveLength(1);
    expect(check(`// ${GATEWAY_DOC} \u00a712 #1–#3`)).toHaveLength(1);
  });

  it('reports a bare § in a file without the note, but not a § of another standard', () => {
    expect(check('// (\u00a74.3)')).toEqual([expect.stringContaining('x.ts:1: § without')]);
    expect(check(`// ${GATEWAY_DOC} \u00a74.3\n//\n// (\u00a74.3)`)).toEqual([
      expect.stringContaining('x.ts:3: § without'),
    ]);
    expect(check('// Accept-Language (RFC 9110 \u00a712.5.4)')).toEqual([]);
  });

  it('reports files outside the repository, missing docs and missing headings', () => {
    expect(check('// API.md says so')).toHaveLength(1);
    expect(check('// PRODUCT.md "Refund lifecycle"')).toHaveLength(1);
    expect(check('// docs/no-such-file.md')).toHaveLength(1);
    expect(check('// README "No such heading"')).toHaveLength(1);
    expect(check('// README "Roles"')).toEqual([]);
  });
});
