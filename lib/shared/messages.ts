import type errors from '@/lib/i18n/messages/en/errors.json';

/**
 * The message contract. The domain never speaks English: a refusal or a field error is a key of the
 * `errors` catalogue with parameters, e.g. `errors.refund.exceeds_remainder {maxCents: 38800}`, and
 * the edge (the form, page or route that shows it) translates it into the reader's language.
 *
 * Where a channel carries strings — zod issues, next-safe-action's validation errors, react-hook-form
 * errors — the message travels encoded as `key` or `key|{"param":value}` (see `msg`).
 */
type Leaves<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

export type MessageKey = `errors.${Leaves<typeof errors>}`;

/**
 * Parameter conventions the translator applies: a name ending in `Cents` is an amount (shown as
 * money, under the name without the suffix: `maxCents` → `{max}`); `wallet`, `orderStatus`,
 * `refundStatus` and `refundReason` are codes shown by their label.
 */
export type MessageParams = Readonly<Record<string, string | number>>;

export interface Message {
  key: MessageKey;
  params?: MessageParams;
}

const SEPARATOR = '|';
const KEY = /^errors\.[a-z0-9_]+(\.[a-z0-9_]+)*$/;

/** A message as text: `errors.refund.note_too_long|{"max":256}`. */
export function msg(key: MessageKey, params?: MessageParams): string {
  return params && Object.keys(params).length > 0 ? `${key}${SEPARATOR}${JSON.stringify(params)}` : key;
}

/** The message in a text produced by `msg`, or null when the text is not one (e.g. a library's own words). */
export function decodeMessage(text: string | null | undefined): Message | null {
  if (typeof text !== 'string') return null;
  const at = text.indexOf(SEPARATOR);
  const key = at < 0 ? text : text.slice(0, at);
  if (!KEY.test(key)) return null;
  if (at < 0) return { key: key as MessageKey };
  try {
    const params: unknown = JSON.parse(text.slice(at + 1));
    if (!params || typeof params !== 'object' || Array.isArray(params)) return null;
    for (const value of Object.values(params)) if (typeof value !== 'string' && typeof value !== 'number') return null;
    return { key: key as MessageKey, params: params as MessageParams };
  } catch {
    return null;
  }
}
