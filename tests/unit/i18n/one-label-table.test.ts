import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import en from '@/lib/i18n/messages/en';
import zhHK from '@/lib/i18n/messages/zh-HK';
import { REFUND_REASONS } from '@/lib/shared/refund-reasons';
import { ORDER_STATUSES, REFUND_STATUSES } from '@/lib/shared/statuses';
import { WALLET_CODES } from '@/lib/shared/wallets';

/**
 * One name per thing: wallets, order and refund statuses and refund reasons are named in one
 * table (the `labels` catalogue, read through lib/i18n/labels.ts) by every screen, the slip and
 * the CSV. A second table — a catalogue object with the same codes, or a component building a
 * label from its own namespace or from the gateway's wallet table — fails here.
 */
const ROOT = path.resolve(import.meta.dirname, '../../..');
const CODE_LISTS = { wallet: WALLET_CODES, orderStatus: ORDER_STATUSES, refundStatus: REFUND_STATUSES, refundReason: REFUND_REASONS };

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(rel);
    return /\.tsx?$/.test(entry.name) ? [rel] : [];
  });
}

/** Every object in a catalogue whose keys are (mostly) the codes of one list. */
function tablesOf(node: unknown, at: string[] = []): Array<{ path: string; list: string }> {
  if (!node || typeof node !== 'object') return [];
  const keys = Object.keys(node);
  const found = Object.entries(CODE_LISTS)
    .filter(([, codes]) => keys.filter((k) => (codes as readonly string[]).includes(k)).length >= Math.min(4, codes.length))
    .map(([list]) => ({ path: at.join('.'), list }));
  return [...found, ...Object.entries(node).flatMap(([key, value]) => tablesOf(value, [...at, key]))];
}

describe('one label table', () => {
  for (const [locale, catalogue] of [['en', en], ['zh-HK', zhHK]] as const) {
    it(`${locale}: names every wallet, status and reason in \`labels\`, and nowhere else`, () => {
      const labels = catalogue.labels as Record<string, Record<string, string>>;
      for (const [list, codes] of Object.entries(CODE_LISTS)) {
        expect(Object.keys(labels[list] ?? {}).sort(), list).toEqual([...codes].sort());
      }
      // `refunds.outcome` holds one sentence per outcome ("Refunded HKD 40.00 to …"), not names.
      const sentences = ['refunds.outcome'];
      expect(tablesOf(catalogue).filter((t) => !t.path.startsWith('labels') && !sentences.includes(t.path))).toEqual([]);
    });
  }

  it('is the only way screens name wallets, statuses and reasons', () => {
    const offenders = [...sourceFiles('components'), ...sourceFiles('app'), ...sourceFiles('lib')]
      .filter((file) => !file.startsWith(path.join('lib', 'eftpay')))
      .flatMap((file) => {
        const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
        return [
          /\bWALLETS\[[^\]]+\]\.label\b/,
          /\bt[a-z]*\(\s*`(wallets|status|statuses|reasons|refundStatus)\.\$\{/,
          /useTranslations\('[a-zA-Z.]*\.(wallets|status|reasons|refundStatus)'\)/,
        ]
          .filter((pattern) => pattern.test(text))
          .map((pattern) => `${file}: ${pattern.source}`);
      });
    expect(offenders).toEqual([]);
  });
});
