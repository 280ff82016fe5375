import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import en from '@/lib/i18n/messages/en';
import { decodeMessage } from '@/lib/shared/messages';

/**
 * The message contract (lib/shared/messages.ts): below the edge, code never says anything to a
 * person in English. Refusals and field errors are catalogue keys; the edge translates them. This
 * reads every domain module and fails on a string that reads like a sentence for people, unless it
 * only goes to the log or into an internal `Error` (a programmer's error, answered as "Something
 * went wrong"). The gateway (lib/eftpay) speaks eftPay's protocol and is not a source of messages.
 */
const ROOT = path.resolve(import.meta.dirname, '../../..');
const DOMAIN = path.join(ROOT, 'lib');
const NOT_DOMAIN = [/^eftpay\//, /^i18n\//, /^env\.ts$/, /^log\.ts$/];

/** Two or more words with a capital start, or a sentence's end: what a person would read. */
const SENTENCE = /^(?=.*[A-Za-z]{2,} [A-Za-z]{2,})(?:[A-Z][\s\S]*|[\s\S]*[.!?])$/s;

function domainFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return domainFiles(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

function isInternal(node: ts.Node): boolean {
  for (let at: ts.Node | undefined = node.parent; at; at = at.parent) {
    if (ts.isCallExpression(at) && /^log\.(trace|debug|info|warn|error|fatal)$/.test(at.expression.getText()))
      return true;
    if (ts.isNewExpression(at) && /^(Error|TypeError|RangeError)$/.test(at.expression.getText())) return true;
    if (ts.isFunctionLike(at)) return false;
  }
  return false;
}

function sentencesIn(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    const text =
      ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)
        ? node.text
        : ts.isTemplateExpression(node)
          ? node.getText().slice(1, -1)
          : null;
    if (text !== null && SENTENCE.test(text.trim()) && !isInternal(node)) {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart());
      found.push(`${path.relative(ROOT, file)}:${line + 1} ${JSON.stringify(text)}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function hasKey(key: string): boolean {
  let at: unknown = en;
  for (const part of key.split('.')) at = (at as Record<string, unknown> | undefined)?.[part];
  return typeof at === 'string' && at.length > 0;
}

describe('the domain speaks in message keys, never in English', () => {
  const files = domainFiles(DOMAIN).filter((f) => !NOT_DOMAIN.some((re) => re.test(path.relative(DOMAIN, f))));

  it('reads the domain modules', () => {
    expect(files.length).toBeGreaterThan(80);
  });

  it('returns or throws no sentence for people from a domain module', () => {
    expect(files.flatMap(sentencesIn)).toEqual([]);
  });

  it('names only keys that the catalogue has', () => {
    const keys = files.flatMap((file) =>
      [...fs.readFileSync(file, 'utf8').matchAll(/['"`](errors\.[a-z0-9_.]+)['"`]/g)].map((m) => m[1]!),
    );
    expect(keys.length).toBeGreaterThan(50);
    expect(keys.filter((key) => !hasKey(key))).toEqual([]);
  });

  it('catches a sentence, and lets a key, a log line and an internal error through', () => {
    const probe = path.join(ROOT, '.data', 'domain-messages-probe.ts');
    fs.mkdirSync(path.dirname(probe), { recursive: true });
    fs.writeFileSync(
      probe,
      [
        "throw new ConflictError('This order is already fully refunded.');",
        "throw new ConflictError('errors.refund.already_fully_refunded');",
        "log.warn({}, 'eftPay reports another amount for this order');",
        "throw new Error('refund vanished during ingestion');",
        'fail(`At most ${max} can be refunded.`);',
      ].join('\n'),
    );
    try {
      expect(sentencesIn(probe).map((line) => line.replace(/^.*?:\d+ /, ''))).toEqual([
        JSON.stringify('This order is already fully refunded.'),
        JSON.stringify('At most ${max} can be refunded.'),
      ]);
    } finally {
      fs.rmSync(probe, { force: true });
    }
  });

  it('decodes every message the contract encodes', () => {
    expect(decodeMessage('errors.refund.exceeds_remainder|{"maxCents":38800}')).toEqual({
      key: 'errors.refund.exceeds_remainder',
      params: { maxCents: 38800 },
    });
    expect(decodeMessage('At most HKD 388.00 can be refunded.')).toBeNull();
  });
});
