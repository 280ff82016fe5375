import 'server-only';
import { sql } from 'drizzle-orm';
import type { Db } from '@/db/connect';
import { gatewayCalls, orders, refunds } from '@/db/schema';
import { log } from '@/lib/log';
import { createEftpayClient, type EftpayClient } from './client';
import { gatewayConfig } from './gateway-config';
import type { GatewayCallRecord } from './types';

export { type GatewayConfig, gatewayConfig } from './gateway-config';

/**
 * The console's eftPay client: configured from the environment (./gateway-config.ts), recording
 * every call in `gateway_calls` (bodies as sent and received — the secret is never part of them).
 */
export interface Gateway extends EftpayClient {
  notifyUrl?: string;
  /** For verifying notifications; stays on the server. */
  readonly secretCode: string;
}

/** A client whose calls are logged through `db` (never a caller's transaction: the log must survive a rollback). */
export function gateway(db: Db): Gateway {
  const config = gatewayConfig();
  const client = createEftpayClient({ ...config, onCall: (record) => recordCall(db, record) });
  return Object.assign(client, { notifyUrl: config.notifyUrl, secretCode: config.secretCode });
}

async function recordCall(db: Db, record: GatewayCallRecord): Promise<void> {
  try {
    await db.insert(gatewayCalls).values({
      api: record.api,
      endpoint: record.endpoint,
      service: record.service ?? null,
      outTradeNo: record.outTradeNo,
      refundNo: record.refundNo ?? null,
      orderId: sql`(select ${orders.id} from ${orders} where ${orders.outTradeNo} = ${record.outTradeNo})`,
      refundId: record.refundNo
        ? sql`(select ${refunds.id} from ${refunds} where ${refunds.refundNo} = ${record.refundNo})`
        : null,
      request: record.request,
      response: record.response ?? null,
      httpStatus: record.httpStatus ?? null,
      latencyMs: Math.round(record.latencyMs),
      outcome: record.outcome,
      detail: record.detail ?? null,
    });
  } catch (error) {
    // Losing a log row must not turn a known gateway outcome into an unknown one.
    log.error({ err: error, api: record.api, outTradeNo: record.outTradeNo }, 'could not record gateway call');
  }
}
