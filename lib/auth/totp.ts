import 'server-only';
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, randomInt } from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';
import { env } from '@/lib/env';

/**
 * Time-based one-time passwords (RFC 6238: SHA-1, 6 digits, 30 s — what every authenticator app
 * speaks), the secret's encryption at rest, and recovery codes.
 */
const TOTP_ISSUER = 'eftPay Merchant Console';
const PERIOD_SECONDS = 30;
/** One step either side, for clock drift between the phone and the server. */
const TOLERANCE_SECONDS = PERIOD_SECONDS;

export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

export function totpUri(email: string, secret: string): string {
  return generateURI({ issuer: TOTP_ISSUER, label: email, secret });
}

/** The enrolment QR code as an SVG data URL, rendered on the server (no third-party service sees the secret). */
export async function totpQrDataUrl(uri: string): Promise<string> {
  const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

/** Groups the Base32 secret in fours, the way people type it into an app. */
export function formatSecretForDisplay(secret: string): string {
  return secret.replace(/(.{4})/g, '$1 ').trim();
}

export function looksLikeTotpCode(code: string): boolean {
  return /^\d{6}$/.test(code);
}

/**
 * Checks a 6-digit code within ±1 step. `afterTimeStep` is the last step already used: a code from
 * that step or an earlier one is refused, so a code seen over a shoulder cannot be replayed.
 * Answers the matching step, to be recorded as used.
 */
export async function checkTotp(
  secret: string,
  code: string,
  now: Date,
  afterTimeStep?: number | null,
): Promise<{ valid: true; timeStep: number } | { valid: false }> {
  if (!looksLikeTotpCode(code)) return { valid: false };
  try {
    const result = await verify({
      secret,
      token: code,
      epoch: Math.floor(now.getTime() / 1000),
      period: PERIOD_SECONDS,
      epochTolerance: TOLERANCE_SECONDS,
      afterTimeStep: afterTimeStep ?? undefined,
    });
    // otplib's result type also covers HOTP; a TOTP match always carries its time step.
    return result.valid && 'timeStep' in result ? { valid: true, timeStep: result.timeStep } : { valid: false };
  } catch {
    return { valid: false };
  }
}

// ---- Encryption at rest ------------------------------------------------------------------------
// AES-256-GCM with a key derived (HKDF-SHA256) from AUTH_SECRET for this one purpose. The staff id is
// the additional authenticated data, so a secret copied onto another account's row does not decrypt.
// Rotating AUTH_SECRET makes stored secrets unreadable: those users re-enrol (an admin resets it).

const VERSION = 'v1';

function key(): Buffer {
  return Buffer.from(hkdfSync('sha256', env().AUTH_SECRET, 'eftpay-console', 'totp-secret/v1', 32));
}

export function encryptTotpSecret(secret: string, staffId: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key(), iv);
  cipher.setAAD(Buffer.from(staffId));
  const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), body]
    .map((part) => (typeof part === 'string' ? part : b64(part)))
    .join('.');
}

/** Null when the value was not made by `encryptTotpSecret` for this staff id and this AUTH_SECRET. */
export function decryptTotpSecret(stored: string, staffId: string): string | null {
  const [version, iv, tag, body] = stored.split('.');
  if (version !== VERSION || !iv || !tag || !body) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key(), Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(staffId));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}

function b64(buffer: Buffer): string {
  return buffer.toString('base64url');
}

// ---- Recovery codes ----------------------------------------------------------------------------

const RECOVERY_CODE_COUNT = 10;
// No 0/o, 1/l/i: codes are read off paper.
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** `xxxxx-xxxxx`: 10 characters of a 31-letter alphabet, about 49 bits each. */
export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    const chars = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]);
    return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`;
  });
}

/** What people type: any case, with or without the dash or spaces. */
export function normalizeRecoveryCode(code: string): string {
  const plain = code.toLowerCase().replace(/[\s-]/g, '');
  return plain.length === 10 ? `${plain.slice(0, 5)}-${plain.slice(5)}` : plain;
}
