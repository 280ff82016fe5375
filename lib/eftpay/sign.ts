// Sections (§) refer to docs/eftpay-gateway.md.

import 'server-only';
import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * eftPay signature, docs/eftpay-gateway.md §2: sha256(secret_code + "k1=v1&k2=v2…") over UTF-8, names sorted in
 * byte order, `sign` itself excluded, lower-case hex. Plain SHA-256, not HMAC.
 */

export type SignatureReading = 'skip-empty' | 'include-empty';

export type VerifyResult = { ok: true; reading: SignatureReading } | { ok: false };

// Byte (UTF-8) order as §2.1 step 2 says "ASCII (byte) order". For ASCII names this equals `<`;
// comparing bytes keeps it exact even for a non-ASCII name. Case-sensitive on purpose (§2.3 D4).
function compareNames(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * The exact string that is hashed. `reading` only matters when a value is "": requests never carry
 * empties (see `compactParams`), but answers may (§12 #1).
 */
export function signingString(
  params: Readonly<Record<string, string>>,
  secret: string,
  reading: SignatureReading = 'skip-empty',
): string {
  const names = Object.keys(params)
    .filter((name) => name !== 'sign')
    .filter((name) => reading === 'include-empty' || params[name] !== '')
    .sort(compareNames);
  return secret + names.map((name) => `${name}=${params[name] ?? ''}`).join('&');
}

/** Lower-case hex SHA-256 signature of `params` (`sign` ignored, empties skipped). */
export function sign(
  params: Readonly<Record<string, string>>,
  secret: string,
  reading: SignatureReading = 'skip-empty',
): string {
  return createHash('sha256')
    .update(signingString(params, secret, reading), 'utf8')
    .digest('hex');
}

/**
 * Request bodies never contain empty or missing values, so both empty-value readings of §2.5
 * give the same signature (§12 #1). Use this to build every outgoing body.
 */
export function compactParams(fields: Readonly<Record<string, string | null | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (value !== undefined && value !== null && value !== '') out[name] = value;
  }
  return out;
}

/** `params` plus its `sign`. */
export function signParams(
  params: Readonly<Record<string, string>>,
  secret: string,
  reading: SignatureReading = 'skip-empty',
): Record<string, string> {
  const unsigned = Object.fromEntries(Object.entries(params).filter(([name]) => name !== 'sign'));
  return { ...unsigned, sign: sign(unsigned, secret, reading) };
}

/**
 * Received values as the gateway would have signed them: strings as-is, numbers/booleans via
 * String(), null as "" (an empty value, §12 #1). Objects/arrays have no defined rule (§12 #2), so
 * a body containing one cannot be verified.
 */
function stringifyReceived(params: Readonly<Record<string, unknown>>): Record<string, string> | null {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) {
    if (name === 'sign' || value === undefined) continue;
    if (typeof value === 'string') out[name] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') out[name] = String(value);
    else if (value === null) out[name] = '';
    else return null;
  }
  return out;
}

function sameHex(expectedLowerHex: string, received: string): boolean {
  const a = Buffer.from(expectedLowerHex, 'utf8');
  const b = Buffer.from(received.toLowerCase(), 'utf8');
  // timingSafeEqual throws on different lengths; a wrong length simply is not a match.
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Verifies a received answer or notification. Every field except `sign` is covered, including
 * fields we do not know (§12 #3). Tries empties skipped, then empties included (§12 #1); hex is
 * compared case-insensitively in constant time (§12 #5).
 */
export function verify(params: Readonly<Record<string, unknown>>, secret: string): VerifyResult {
  const received = params.sign;
  if (typeof received !== 'string' || received === '') return { ok: false };
  const values = stringifyReceived(params);
  if (values === null) return { ok: false };
  for (const reading of ['skip-empty', 'include-empty'] as const) {
    if (sameHex(sign(values, secret, reading), received)) return { ok: true, reading };
  }
  return { ok: false };
}
