import 'server-only';
import { randomBytes } from 'node:crypto';

/**
 * Our refund number (`out_refund_no` / `refund_no`): unique, at most 28 characters (String(28)),
 * letters and digits only. Time-ordered prefix for humans, 60 random bits against collisions.
 * A retry of the same refund reuses its number; a new refund always gets a new one.
 */
export function newRefundNumber(now = new Date()): string {
  const time = now.getTime().toString(36).toUpperCase();
  const random = randomBytes(8).readBigUInt64BE().toString(36).toUpperCase().slice(0, 12).padStart(12, '0');
  return `RF${time}${random}`;
}
