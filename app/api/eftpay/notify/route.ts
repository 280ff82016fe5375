import { getDb } from '@/db/client';
import { clientIp } from '@/lib/auth/request-info';
import { gatewayConfig } from '@/lib/eftpay/gateway';
import { notificationReply } from '@/lib/eftpay/notifications';
import { log } from '@/lib/log';
import { readBody } from '@/lib/notifications/read-body';
import { receiveNotification } from '@/lib/notifications/receive';
import { recordRejectedNotification } from '@/lib/notifications/reject';

export const dynamic = 'force-dynamic';

/**
 * eftPay's payment and refund notifications (docs/eftpay-gateway.md §4.5, §5.3). Replies with the signed JSON
 * `{ return_code, time, sign }` (docs/eftpay-gateway.md §12 #7): `success` once the notification is safely recorded,
 * `false` with a 4xx when it is forged, malformed or too large (429 when one address sends too many
 * that fail; lib/notifications/reject.ts), `false` with a 500 when we could not persist it
 * (so eftPay retries).
 */
export async function POST(req: Request): Promise<Response> {
  const { secretCode } = gatewayConfig();
  const reply = (ok: boolean, status: number) => Response.json(notificationReply(ok, secretCode), { status });

  // Anyone can post here: an oversized body is refused from its Content-Length or while it streams in.
  const ip = clientIp(req.headers);
  const read = await readBody(req);
  if (!read.ok) {
    // Recorded at most once per address a minute, with the size and the part read (lib/notifications/reject.ts).
    await recordRejectedNotification(await getDb(), {
      reason: 'too_large',
      ip,
      body: { text: read.head, bytes: read.bytes },
    }).catch((error: unknown) => log.error({ err: error }, 'a refused notification could not be recorded'));
    return reply(false, 413);
  }
  const text = read.text;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  try {
    const outcome = await receiveNotification(await getDb(), body, { ip, secretCode, rawText: text });
    if (!outcome.ok) {
      log.warn({ result: outcome.result, ip }, 'eftPay notification refused');
      const status = outcome.result === 'bad_signature' ? 401 : outcome.result === 'rate_limited' ? 429 : 400;
      return reply(false, status);
    }
    return reply(true, 200);
  } catch (error) {
    log.error({ err: error }, 'eftPay notification could not be recorded');
    return reply(false, 500);
  }
}
