import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StubReply {
  status: number;
  /** Sent as is, with Content-Type application/json. */
  text: string;
}

/**
 * A local HTTP endpoint on a free port of 127.0.0.1 that answers every request with
 * `answer(body, request)`: the notify URL the sandbox posts to, in place of the console's public one.
 */
export async function serveLocally(
  path: string,
  answer: (body: string, request: IncomingMessage) => StubReply | Promise<StubReply>,
  /** Called once each answer has been handed to the socket. */
  answered: () => void = () => {},
) {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        const reply = await answer(Buffer.concat(chunks).toString('utf8'), req);
        res.writeHead(reply.status, { 'Content-Type': 'application/json' });
        res.end(reply.text);
        answered();
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface Received {
  body: unknown;
  contentType: string | undefined;
}

const SUCCESS: StubReply = { status: 200, text: JSON.stringify({ return_code: 'success' }) };

/**
 * A notify_url receiver that keeps what it was sent (JSON bodies parsed). `reply(n)` decides the
 * answer to the n-th delivery (1-based); by default the JSON success reply.
 */
export async function startReceiver(reply: (n: number, body: unknown) => StubReply = () => SUCCESS) {
  const received: Received[] = [];
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  const endpoint = await serveLocally(
    '/notify',
    (text, request) => {
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {}
      received.push({ body, contentType: request.headers['content-type'] });
      return reply(received.length, body);
    },
    () => {
      for (const waiter of waiters.filter((w) => received.length >= w.count)) waiter.resolve();
    },
  );
  return {
    url: endpoint.url,
    received,
    /** Resolves once `count` deliveries have arrived in all. */
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
    close: endpoint.close,
  };
}
