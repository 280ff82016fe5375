import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { POST } from '@/app/api/eftpay/notify/route';
import { rejectedNotifications } from '@/db/schema';
import { signParams } from '@/lib/eftpay/sign';
import { NOTIFY_MAX_BODY } from '@/lib/notifications/read-body';
import { REJECT_EXCERPT_CHARS, REJECT_ROWS_PER_IP_MINUTE } from '@/lib/notifications/reject';
import { testDatabaseForFile } from '../../support/harness';
import { notificationRows, postToRoute, startConsoleGateway } from './helpers';

const database = testDatabaseForFile();
let gw: Awaited<ReturnType<typeof startConsoleGateway>>;

beforeAll(async () => {
  gw = await startConsoleGateway();
  // One proxy in front: the client address is the X-Forwarded-For entry it appended.
  vi.stubEnv('TRUSTED_PROXY_HOPS', '1');
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await gw.close();
});

const rowsFrom = (ip: string) =>
  database.db.select().from(rejectedNotifications).where(eq(rejectedNotifications.ip, ip));

/** A forged notification padded to exactly `bytes` bytes of JSON. */
function forgedOf(bytes: number, outTradeNo: string): string {
  const base = signParams(
    { out_trade_no: outTradeNo, trade_status: 'TRADE_SUCCESS', payment_type: 'ALIPAYHK', total_fee: '1.00' },
    'not-the-merchant-secret',
  );
  const empty = JSON.stringify({ ...base, padding: '' });
  return JSON.stringify({ ...base, padding: 'x'.repeat(bytes - empty.length) });
}

describe('refused notifications are stored bounded', () => {
  it('keeps a forged 64 KB notification as reason, size, SHA-256 and a 1,024-character excerpt, nothing in gateway_notifications', async () => {
    const ip = '198.51.100.1';
    const text = forgedOf(NOTIFY_MAX_BODY, `F-${'9'.repeat(80)}`);
    expect(Buffer.byteLength(text)).toBe(NOTIFY_MAX_BODY);
    const before = (await notificationRows(database.db)).length;

    const reply = await postToRoute(text, ip);

    expect(reply.status).toBe(401);
    expect(await notificationRows(database.db)).toHaveLength(before);
    const rows = await rowsFrom(ip);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      reason: 'bad_signature',
      bodyBytes: NOTIFY_MAX_BODY,
      bodySha256: createHash('sha256').update(text).digest('hex'),
      bodyExcerpt: text.slice(0, REJECT_EXCERPT_CHARS),
      outTradeNo: `F-${'9'.repeat(62)}`,
    });
    expect(rows[0]!.bodyExcerpt).toHaveLength(1_024);
  });

  it('records a too-large body as too_large, at most once per address a minute', async () => {
    const ip = '198.51.100.2';
    const big = 'y'.repeat(NOTIFY_MAX_BODY + 1);
    for (let i = 0; i < 3; i++) {
      const response = await POST(
        new Request('http://console.test/api/eftpay/notify', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': ip },
          body: big,
        }),
      );
      expect(response.status).toBe(413);
    }
    const rows = await rowsFrom(ip);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ reason: 'too_large', bodyBytes: NOTIFY_MAX_BODY + 1 });
    expect(rows[0]!.bodyExcerpt.length).toBeLessThanOrEqual(REJECT_EXCERPT_CHARS);
  });

  it(`answers 429 past ${REJECT_ROWS_PER_IP_MINUTE} refusals a minute from one address, storing one rate_limited row`, async () => {
    const ip = '198.51.100.3';
    const statuses: number[] = [];
    for (let i = 0; i < REJECT_ROWS_PER_IP_MINUTE + 20; i++) {
      statuses.push((await postToRoute('not json', ip)).status);
    }
    expect(statuses.slice(0, REJECT_ROWS_PER_IP_MINUTE).every((s) => s === 400)).toBe(true);
    expect(statuses.slice(REJECT_ROWS_PER_IP_MINUTE).every((s) => s === 429)).toBe(true);
    const rows = await rowsFrom(ip);
    expect(rows.filter((r) => r.reason === 'malformed')).toHaveLength(REJECT_ROWS_PER_IP_MINUTE);
    expect(rows.filter((r) => r.reason === 'rate_limited')).toHaveLength(1);
    // Another address is not held back.
    expect((await postToRoute('not json', '198.51.100.4')).status).toBe(400);
  });
});
