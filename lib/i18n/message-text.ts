import { formatMoney } from '@/lib/format';
import type { Locale } from '@/lib/i18n/locales';
import { decodeMessage } from '@/lib/shared/messages';

/**
 * The part of next-intl's translator this needs (root namespace), for server and browser alike.
 * Declared as a method so that the typed translators next-intl returns (whose keys are narrower
 * than `string`) fit it too.
 */
type Translate = { translate(key: string, values?: Record<string, string | number>): string }['translate'];
export type RootTranslator = Translate & { has(key: string): boolean };

const LABELLED = {
  wallet: 'labels.wallet',
  orderStatus: 'labels.orderStatus',
  refundStatus: 'labels.refundStatus',
  refundReason: 'labels.refundReason',
} as const;

/**
 * A message of the contract (lib/shared/messages.ts) in the reader's language. Text that is not an
 * encoded message was already written for the reader (a form's own translated check) and is shown
 * as it is; no text at all, or an unknown key, reads "Something went wrong".
 */
export function messageText(t: RootTranslator, text: string | null | undefined, locale: Locale = 'en'): string {
  const message = decodeMessage(text);
  if (!message) return text ? text : t('errors.generic');
  if (!t.has(message.key)) return t('errors.generic');
  const values: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(message.params ?? {})) {
    if (name.endsWith('Cents') && typeof value === 'number')
      values[name.slice(0, -'Cents'.length)] = formatMoney(value, 'HKD', locale);
    else if (name in LABELLED && t.has(`${LABELLED[name as keyof typeof LABELLED]}.${value}`))
      values[name] = t(`${LABELLED[name as keyof typeof LABELLED]}.${value}`);
    else values[name] = value;
  }
  return t(message.key, values);
}
