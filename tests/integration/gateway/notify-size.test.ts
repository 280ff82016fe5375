import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST } from '@/app/api/eftpay/notify/route';
import { NOTIFY_MAX_BODY } from '@/lib/notifications/read-body';
import { testDatabaseForFile } from '../../support/harness';
import { notificationRows, startConsoleGateway } from './helpers';

const database = testDatabaseForFile();
let gw: Awaited<ReturnType<typeof startConsoleGateway>>;

beforeAll(async () => {
  gw = await startConsoleGateway();
});
afterAll(async () => {
  await gw.close();
});

const CHUNK = 10_000;

/** A body of `total` bytes made only as it is read, counting the bytes handed out. */
function lazyBody(total: number) {
  const counter = { pulled: 0 };
  const chunk = new TextEncoder().encode('x'.repeat(CHUNK));
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (counter.pulled >= total) return controller.close();
        counter.pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, counter };
}

function post(body: ReadableStream<Uint8Array> | string, headers: Record<string, string> = {}) {
  return POST(
    new Request('http://console.test/api/eftpay/notify', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': '203.0.113.9', ...headers },
      body,
      duplex: 'half',
    } as RequestInit),
  );
}

describe('the notify route’s body limit', () => {
  it('answers 413 from Content-Length alone, before reading the body', async () => {
    const before = (await notificationRows(database.db)).length;
    const { stream, counter } = lazyBody(64 * 1024 * 1024);
    const response = await post(stream, { 'Content-Length': String(NOTIFY_MAX_BODY + 1) });
    expect(response.status).toBe(413);
    expect(counter.pulled).toBe(0);
    expect(await notificationRows(database.db)).toHaveLength(before);
  });

  it('answers 413 for a body over the limit sent without Content-Length, and stores nothing', async () => {
    const before = (await notificationRows(database.db)).length;
    const { stream } = lazyBody(NOTIFY_MAX_BODY + CHUNK);
    const response = await post(stream);
    expect(response.status).toBe(413);
    expect(((await response.json()) as { return_code: string }).return_code).toBe('false');
    expect(await notificationRows(database.db)).toHaveLength(before);
  });

  it('stops reading as soon as the limit is passed', async () => {
    const { stream, counter } = lazyBody(64 * 1024 * 1024);
    const response = await post(stream);
    expect(response.status).toBe(413);
    expect(counter.pulled).toBeGreaterThan(NOTIFY_MAX_BODY);
    expect(counter.pulled).toBeLessThan(NOTIFY_MAX_BODY + CHUNK);
  });

  it('still reads a body at the limit', async () => {
    const body = JSON.stringify({ padding: 'x'.repeat(NOTIFY_MAX_BODY - 20) });
    expect(new TextEncoder().encode(body).byteLength).toBeLessThanOrEqual(NOTIFY_MAX_BODY);
    const response = await post(body);
    expect(response.status).not.toBe(413);
  });
});
