import fs from 'node:fs';
import path from 'node:path';
import { type MessageFormatElement, parse, TYPE } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import en from '@/lib/i18n/messages/en';
import zhHK from '@/lib/i18n/messages/zh-HK';

/**
 * The two catalogues hold the same keys, none empty, and every message asks for the same
 * arguments, of the same kinds, in both languages — so a message can never miss a value in one
 * language, or show a raw `{count}`, when it works in the other.
 */

type Catalogue = Record<string, unknown>;

/** `{ a: { b: 'x' } }` → `{ 'a.b': 'x' }`. A leaf that is not a string is reported as such. */
function flatten(tree: Catalogue, prefix = ''): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(tree)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (value && typeof value === 'object' && !Array.isArray(value))
      Object.assign(out, flatten(value as Catalogue, name));
    else out[name] = value;
  }
  return out;
}

const KIND: Partial<Record<TYPE, string>> = {
  [TYPE.argument]: 'argument',
  [TYPE.number]: 'number',
  [TYPE.date]: 'date',
  [TYPE.time]: 'time',
  [TYPE.select]: 'select',
  [TYPE.tag]: 'tag',
};

/**
 * Every argument a message uses, as `name:kind`, sorted — found in every branch of plurals and
 * selects, and inside rich-text tags. A select's branch names are part of its kind (the values it
 * is given are the same in every language); a plural's are not (languages have different plural
 * categories: Chinese needs only `other`).
 */
function placeholdersOf(message: string): string[] {
  const found = new Set<string>();
  const walk = (elements: MessageFormatElement[]) => {
    for (const el of elements) {
      if (el.type === TYPE.plural) {
        found.add(`${el.value}:${el.pluralType === 'ordinal' ? 'selectordinal' : 'plural'}`);
        for (const option of Object.values(el.options)) walk(option.value);
      } else if (el.type === TYPE.select) {
        found.add(`${el.value}:select(${Object.keys(el.options).sort().join('|')})`);
        for (const option of Object.values(el.options)) walk(option.value);
      } else if (el.type === TYPE.tag) {
        found.add(`${el.value}:tag`);
        walk(el.children);
      } else if (el.type !== TYPE.literal && el.type !== TYPE.pound) {
        found.add(`${el.value}:${KIND[el.type]}`);
      }
    }
  };
  walk(parse(message, { requiresOtherClause: true }));
  return [...found].sort();
}

const CATALOGUES = { en: flatten(en), 'zh-HK': flatten(zhHK) };
const DIR = path.join(process.cwd(), 'lib/i18n/messages');
const filesOf = (locale: string) =>
  fs
    .readdirSync(path.join(DIR, locale))
    .filter((f) => f.endsWith('.json'))
    .sort();

describe('placeholdersOf (the comparison the catalogue checks rest on)', () => {
  it('finds arguments in every plural branch, and their kinds', () => {
    expect(placeholdersOf('{count, plural, =0 {none} one {# for {name}} other {# at {when, date}}}')).toEqual([
      'count:plural',
      'name:argument',
      'when:date',
    ]);
  });

  it('tells a plain argument from a plural of the same name, and sees select branches', () => {
    expect(placeholdersOf('{count} orders')).not.toEqual(placeholdersOf('{count, plural, other {# orders}}'));
    expect(placeholdersOf('{role, select, admin {A} other {B}}')).toEqual(['role:select(admin|other)']);
    expect(placeholdersOf('<b>{amount, number}</b>')).toEqual(['amount:number', 'b:tag']);
  });

  it('does not count plural categories, which differ between languages', () => {
    expect(placeholdersOf('{n, plural, one {# order} other {# orders}}')).toEqual(
      placeholdersOf('{n, plural, other {# 張訂單}}'),
    );
  });

  it('refuses a message that is not valid ICU', () => {
    expect(() => placeholdersOf('{count, plural, one {# order}}')).toThrow();
    expect(() => placeholdersOf('Refund {amount')).toThrow();
  });
});

describe('the en and zh-HK catalogues', () => {
  it('have the same files (one per namespace), each merged into the catalogue', () => {
    expect(filesOf('zh-HK')).toEqual(filesOf('en'));
    const namespaces = filesOf('en').map((f) => f.replace(/\.json$/, ''));
    expect(Object.keys(en).sort()).toEqual(namespaces);
    expect(Object.keys(zhHK).sort()).toEqual(namespaces);
  });

  it('zh-HK has every key of en', () => {
    const missing = Object.keys(CATALOGUES.en).filter((key) => !(key in CATALOGUES['zh-HK']));
    expect(missing, 'translate these into lib/i18n/messages/zh-HK').toEqual([]);
  });

  it('zh-HK has no key that en lacks', () => {
    const extra = Object.keys(CATALOGUES['zh-HK']).filter((key) => !(key in CATALOGUES.en));
    expect(extra, 'remove these from zh-HK, or add them to en').toEqual([]);
  });

  it.each(Object.entries(CATALOGUES))('%s has a non-empty string for every key', (_locale, messages) => {
    const bad = Object.entries(messages)
      .filter(([, value]) => typeof value !== 'string' || value.trim() === '')
      .map(([key]) => key);
    expect(bad).toEqual([]);
  });

  it.each(Object.entries(CATALOGUES))('%s messages are all valid ICU', (_locale, messages) => {
    const invalid: string[] = [];
    for (const [key, value] of Object.entries(messages)) {
      try {
        placeholdersOf(String(value));
      } catch (error) {
        invalid.push(`${key}: ${(error as Error).message}`);
      }
    }
    expect(invalid).toEqual([]);
  });

  it('every message asks for the same arguments, of the same kinds, in both languages', () => {
    const differ: Array<{ key: string; en: string[]; 'zh-HK': string[] }> = [];
    for (const [key, message] of Object.entries(CATALOGUES.en)) {
      const other = CATALOGUES['zh-HK'][key];
      if (typeof message !== 'string' || typeof other !== 'string') continue;
      const a = placeholdersOf(message);
      const b = placeholdersOf(other);
      if (a.join() !== b.join()) differ.push({ key, en: a, 'zh-HK': b });
    }
    expect(differ).toEqual([]);
  });
});
