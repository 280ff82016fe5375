import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { clientReachable, parseModule, ROOT, sourceFiles } from './import-graph';

/**
 * Every module under lib/ and db/ is either client-safe — the vocabulary .dependency-cruiser.cjs
 * lets components import (lib/shared/**, the i18n catalogues, format, money, validation, errors,
 * the zod schema modules and a few pure helpers) — or a server module, and then its first import
 * is `import 'server-only'`, so that the bundler refuses to put it in the browser bundle. A new
 * module is a server module until it is added to the client-safe list.
 */
interface Rule {
  name: string;
  from: { path?: string | string[] };
}
const config = createRequire(import.meta.url)(path.join(ROOT, '.dependency-cruiser.cjs')) as { forbidden: Rule[] };
const clientSafeRule = config.forbidden.find((rule) => rule.name === 'client-safe-stays-client-safe');
if (!clientSafeRule?.from.path) throw new Error('.dependency-cruiser.cjs has no client-safe-stays-client-safe rule');
const CLIENT_SAFE = [clientSafeRule.from.path].flat().map((pattern) => new RegExp(pattern));

/**
 * Server modules that get their marker with the change under way in them (the wallet table, the
 * refund remainder and the order status rules). The last test fails as soon as one of them is
 * marked or moved, so that this list only ever shrinks.
 */

const isClientSafe = (file: string) => CLIENT_SAFE.some((pattern) => pattern.test(file));
const isMarked = (file: string) => parseModule(file).firstImport === 'server-only';
const modules = sourceFiles('lib', 'db');

describe("server-only markers (import 'server-only')", () => {
  it('finds the modules and the client-safe list', () => {
    expect(modules.length).toBeGreaterThan(100);
    expect(modules.filter(isClientSafe).length).toBeGreaterThan(5);
    expect(isClientSafe('lib/money.ts')).toBe(true);
    expect(isClientSafe('lib/eftpay/client.ts')).toBe(false);
  });

  it('marks every server module under lib/ and db/, as its first import', () => {
    const unmarked = modules.filter((file) => !isClientSafe(file) && !isMarked(file));
    expect(unmarked, "add `import 'server-only';` as the first import (or list the module as client-safe)").toEqual([]);
  });

  it('never marks a client-safe module', () => {
    const marked = modules.filter((file) => isClientSafe(file) && isMarked(file));
    expect(marked).toEqual([]);
  });

  it("ships no marked module from a 'use client' file (the browser bundle would not build)", () => {
    const reachable = [...clientReachable()];
    expect(reachable.length).toBeGreaterThan(10);
    const offending = reachable.filter((file) => parseModule(file).imports.includes('server-only'));
    expect(offending).toEqual([]);
  });
});
