import 'server-only';
import { randomInt } from 'node:crypto';

// No 0/O, 1/l/I: the password is read off a screen and typed once.
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789';

/**
 * An administrator-issued password, shown once and replaced by the staff member at first sign-in:
 * four groups of four (19 characters, about 92 bits).
 */
export function generateOneTimePassword(): string {
  const groups = Array.from({ length: 4 }, () =>
    Array.from({ length: 4 }, () => ALPHABET[randomInt(ALPHABET.length)]).join(''),
  );
  return groups.join('-');
}
