import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEftpayClient, type EftpayClientConfig } from '@/lib/eftpay/client';
import { createSandboxControl } from '@/lib/eftpay/sandbox/control';
import { type SandboxOptions, startSandbox } from '@/lib/eftpay/sandbox/server';
import type { GatewayCallRecord } from '@/lib/eftpay/types';

export const USER_CONFIRM_KEY = 'S0003469';
export const SECRET = 'it-secret-9f3c1b7e5d';

let counter = 0;
/** Unique, ≤ 28 characters. */
export function tradeNo(prefix = 'T'): string {
  counter += 1;
  return `${prefix}${Date.now().toString(36)}${counter}`.slice(0, 28);
}

export async function startGateway(
  options: Partial<SandboxOptions> = {},
  clientOptions: Partial<EftpayClientConfig> = {},
) {
  const sandbox = await startSandbox({
    port: 0,
    userConfirmKey: USER_CONFIRM_KEY,
    secretCode: SECRET,
    notifyRetryDelaysMs: [30, 30, 30],
    applyRefundNotifyDelayMs: 50,
    ...options,
  });
  const records: GatewayCallRecord[] = [];
  const client = createEftpayClient({
    baseUrl: sandbox.url,
    userConfirmKey: USER_CONFIRM_KEY,
    secretCode: SECRET,
    timeoutMs: 5_000,
    onCall: (record) => {
      records.push(record);
    },
    ...clientOptions,
  });
  const control = createSandboxControl(sandbox.url);
  return { sandbox, client, control, records };
}

export interface Received {
  body: unknown;
  contentType: string | undefined;
}

/**
 * A tiny notify_url receiver. `reply(n)` decides the answer to the n-th delivery (1-based):
 * default is the JSON success reply.
 */
export async function startReceiver(
  reply: (n: number, body: unknown) => { status: number; text: string } = () => ({
    status: 200,
    text: JSON.stringify({ return_code: 'success' }),
  }),
) {
  const received: Received[] = [];
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {}
      received.push({ body, contentType: req.headers['content-type'] });
      const answer = reply(received.length, body);
      res.writeHead(answer.status, { 'Content-Type': 'application/json' });
      res.end(answer.text);
      for (const waiter of waiters.filter((w) => received.length >= w.count)) waiter.resolve();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/notify`,
    received,
    waitFor(count: number, timeoutMs = 5_000): Promise<void> {
      if (received.length >= count) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`only ${received.length} of ${count} notifications arrived`)),
          timeoutMs,
        );
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('condition not met in time');
}
