import net from 'node:net';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEftpayClient } from '@/lib/eftpay/client';
import type { GatewayCallRecord } from '@/lib/eftpay/types';

/**
 * A port on 127.0.0.1 that never completes a TCP handshake: a listener whose accept queue is full
 * and whose owner never accepts (its thread sleeps), so the kernel drops further SYNs and a new
 * connection stays "connecting" — what an unreachable eftPay host looks like to the client.
 */
async function stalledPort() {
  const wake = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     const server = require('node:net').createServer();
     server.listen({ host: '127.0.0.1', port: 0, backlog: 1 }, () => {
       parentPort.postMessage(server.address().port);
       Atomics.wait(workerData, 0, 0, 60000);
       server.close();
     });`,
    { eval: true, workerData: wake },
  );
  const port = await new Promise<number>((resolve) => worker.once('message', resolve));
  const fillers: net.Socket[] = [];
  const connects = (ms: number) =>
    new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port });
      fillers.push(socket);
      const timer = setTimeout(() => resolve(false), ms);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve(true);
      });
      socket.once('error', () => clearTimeout(timer));
    });
  let stalled = false;
  for (let i = 0; i < 16 && !stalled; i++) stalled = !(await connects(300));
  if (!stalled) throw new Error('the accept queue never filled: cannot stage a stalled connect');
  return {
    port,
    async close() {
      for (const socket of fillers) socket.destroy();
      Atomics.store(wake, 0, 1);
      Atomics.notify(wake, 0);
      await worker.terminate();
    },
  };
}

describe('the connect timeout (EFTPAY_CONNECT_TIMEOUT_MS, docs/eftpay-gateway.md §12 #19)', () => {
  let stalled: Awaited<ReturnType<typeof stalledPort>>;
  beforeAll(async () => {
    stalled = await stalledPort();
  });
  afterAll(() => stalled?.close());

  it('gives up on a connection that never opens long before the whole-call timeout, as unknown', async () => {
    const records: GatewayCallRecord[] = [];
    const client = createEftpayClient({
      baseUrl: `http://127.0.0.1:${stalled.port}/VMP`,
      userConfirmKey: 'CONNECT01',
      secretCode: 'connect-timeout-secret',
      connectTimeoutMs: 300,
      timeoutMs: 20_000,
      onCall: (record) => {
        records.push(record);
      },
    });
    const started = performance.now();
    const outcome = await client.queryOrder({ wallet: 'ALIPAYHK', outTradeNo: 'CT1' });
    const elapsed = performance.now() - started;

    expect(outcome).toEqual({ kind: 'unknown', reason: 'timeout' });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ outcome: 'unknown', detail: 'timeout', response: null });
    expect(records[0]).not.toHaveProperty('httpStatus');
    expect(elapsed).toBeGreaterThanOrEqual(290);
    // Node's fetch gives up connecting after 10 s on its own; this must be the configured 300 ms
    // (undici checks its connect timers on a coarse clock, hence the margin).
    expect(elapsed).toBeLessThan(5_000);
  });
});
