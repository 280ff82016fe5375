/**
 * Text that can be stored and searched: PostgreSQL refuses a NUL byte in any text value
 * ("invalid byte sequence"), and no field of ours means another control character (tab and line
 * breaks excepted, which a note may hold). Nor can a lone UTF-16 surrogate (half of a character,
 * which no keyboard types) be encoded for the database. Safe to import in the browser.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function hasControlCharacters(text: string): boolean {
  return CONTROL_CHARACTERS.test(text) || LONE_SURROGATE.test(text);
}
