import { getDb } from '@/db/client';
import { clientIp } from '@/lib/auth/request-info';
import { gatewayConfig } from '@/lib/eftpay/gateway';
import { notificationReply } from '@/lib/eftpay/notifications';
import { log } from '@/lib/log';
import { readLimitedBody } from '@/lib/notifications/read-body';
import { receiveNotification } from '@/lib/notifications/receive';

export const dynamic = 'force-dynamic';

/**
 * eftPay's payment and refund notifications (docs/eftpay-gateway.md §4.5, §5.3). Replies with the signed JSON
 * `{ return_code, time, sign }` (docs/eftpay-gateway.md §12 #7): `success` once the notification is safely recorded,
 * `false` with a 4xx when it is forged or malformed, `false` with a 500 when we could not persist it
 * (so eftPay retries).
 */
export async function POST(req: Request): Promise<Response> {
  const { secretCode } = gatewayConfig();
  const reply = (ok: boolean, status: number) => Response.json(notificationReply(ok, secretCode), { status });

  // Anyone can post here: an oversized body is refused from its Content-Length or while it streams in.
  const text = await readLimitedBody(req);
  if (text === null) return reply(false, 413);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  try {
    const outcome = await receiveNotification(await getDb(), body, { ip: clientIp(req.headers), secretCode });
    if (!outcome.ok) {
      log.warn({ result: outcome.result, ip: clientIp(req.headers) }, 'eftPay notification refused');
      return reply(false, outcome.result === 'bad_signature' ? 401 : 400);
    }
    return reply(true, 200);
  } catch (error) {
    log.error({ err: error }, 'eftPay notification could not be recorded');
    return reply(false, 500);
  }
}
