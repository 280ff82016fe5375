/**
 * Money is integer cents everywhere except at two edges: the gateway (amount strings such as
 * "12.30", docs/eftpay-gateway.md §1 "digits, at most 2 decimals, String(8)") and the UI. Pure string/integer
 * arithmetic only — no floats, so "0.29" can never become 28 cents. Safe to import in the browser.
 */

/** "99999.99" is the longest amount that fits the gateway's String(8) (docs/eftpay-gateway.md §1). */
export const MAX_AMOUNT_CENTS = 9_999_999;

/** Integer cents → gateway amount string ("123.45"). Throws on anything that is not 0…MAX. */
export function centsToAmount(cents: number): string {
  if (!Number.isSafeInteger(cents) || cents < 0 || cents > MAX_AMOUNT_CENTS) {
    throw new RangeError(`amount in cents must be an integer from 0 to ${MAX_AMOUNT_CENTS}`);
  }
  const whole = Math.floor(cents / 100);
  const fraction = cents % 100;
  return `${whole}.${String(fraction).padStart(2, '0')}`;
}

// ASCII digits only: `\d` would also be ASCII-only without the `u` flag, but spelling it out makes
// the rejection of full-width digits ("１００") obvious to the reader.
const AMOUNT_PATTERN = /^([0-9]{1,5})(?:\.([0-9]{1,2}))?$/;

/**
 * Strict amount text → integer cents, or null when malformed. Accepts "0" (returns 0 — callers
 * decide whether zero is allowed); rejects signs, exponents, whitespace, more than 2 decimals.
 */
export function parseAmountToCents(text: string): number | null {
  if (typeof text !== 'string') return null;
  const match = AMOUNT_PATTERN.exec(text);
  if (!match) return null;
  const whole = Number.parseInt(match[1] ?? '0', 10);
  const fraction = Number.parseInt((match[2] ?? '').padEnd(2, '0'), 10);
  return whole * 100 + fraction;
}
