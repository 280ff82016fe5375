import 'server-only';
import { createHash } from 'node:crypto';
import { and, count, eq, gt, isNull, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@/db/connect';
import { rejectedNotifications } from '@/db/schema';

/** Characters of a rejected body kept for forensics (the column's documented bound). */
export const REJECT_EXCERPT_CHARS = 1_024;
/** Rejected notifications stored per address per minute; past it, one `rate_limited` row a minute. */
export const REJECT_ROWS_PER_IP_MINUTE = 60;

export type RejectReason = 'bad_signature' | 'malformed' | 'too_large' | 'rate_limited';

export interface RejectedBody {
  /** The body as received (for `too_large`: the part read before reading stopped). */
  text: string;
  /** Its size in bytes (for `too_large`: the declared or counted size). */
  bytes?: number;
}

/**
 * Records one failed anonymous notification as bounded evidence (docs/adr/0013): the reason, the
 * address, the out_trade_no it claimed (≤ 64 characters), the body's size, SHA-256 and first 1,024
 * characters — never the whole body. Storage per address is bounded too: past
 * REJECT_ROWS_PER_IP_MINUTE rows in the last minute, and for every `too_large` or `rate_limited`,
 * at most one row of that reason per address per minute. Returns the reason stored or answered:
 * `rate_limited` when the address is over its limit.
 */
export async function recordRejectedNotification(
  db: DbOrTx,
  input: { reason: RejectReason; ip: string | null; body: RejectedBody; outTradeNo?: unknown },
  now = new Date(),
): Promise<RejectReason> {
  const minuteAgo = new Date(now.getTime() - 60_000);
  const fromIp = (extra?: SQL) =>
    and(
      input.ip === null ? isNull(rejectedNotifications.ip) : eq(rejectedNotifications.ip, input.ip),
      gt(rejectedNotifications.receivedAt, minuteAgo),
      extra,
    );
  let reason = input.reason;
  if (reason === 'bad_signature' || reason === 'malformed') {
    const [recent] = await db.select({ n: count() }).from(rejectedNotifications).where(fromIp());
    if ((recent?.n ?? 0) >= REJECT_ROWS_PER_IP_MINUTE) reason = 'rate_limited';
  }
  if (reason === 'too_large' || reason === 'rate_limited') {
    const [same] = await db
      .select({ n: count() })
      .from(rejectedNotifications)
      .where(fromIp(eq(rejectedNotifications.reason, reason)));
    if ((same?.n ?? 0) > 0) return reason;
  }
  const { text } = input.body;
  await db.insert(rejectedNotifications).values({
    reason,
    ip: input.ip,
    outTradeNo: typeof input.outTradeNo === 'string' ? input.outTradeNo.slice(0, 64) : null,
    bodyBytes: input.body.bytes ?? Buffer.byteLength(text, 'utf8'),
    bodySha256: createHash('sha256').update(text, 'utf8').digest('hex'),
    bodyExcerpt: text.slice(0, REJECT_EXCERPT_CHARS),
    receivedAt: now,
  });
  return reason;
}
