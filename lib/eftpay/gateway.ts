import 'server-only';
import { sql } from 'drizzle-orm';
import type { Db } from '@/db/connect';
import { gatewayCalls, orders, refunds } from '@/db/schema';
import { env } from '@/lib/env';
import { log } from '@/lib/log';
import { createEftpayClient, type EftpayClient } from './client';
import type { GatewayCallRecord } from './types';

/**
 * The console's eftPay client: configured from the environment, recording every call in
 * `gateway_calls` (bodies as sent and received — the secret is never part of them).
 */
export interface GatewayConfig {
  baseUrl: string;
  userConfirmKey: string;
  secretCode: string;
  connectTimeoutMs?: number;
  timeoutMs?: number;
  /** Where eftPay should POST notifications, e.g. https://console.example/api/eftpay/notify. */
  notifyUrl?: string;
}

export interface Gateway extends EftpayClient {
  notifyUrl?: string;
  /** For verifying notifications; stays on the server. */
  readonly secretCode: string;
}

let override: GatewayConfig | undefined;

/** Tests point the console at an in-process sandbox. */
export function configureGateway(config: GatewayConfig | undefined): void {
  override = config;
}

export function gatewayConfig(): GatewayConfig {
  if (override) return override;
  const e = env();
  return {
    baseUrl: e.EFTPAY_BASE_URL,
    userConfirmKey: e.EFTPAY_USER_CONFIRM_KEY,
    secretCode: e.EFTPAY_SECRET_CODE,
    connectTimeoutMs: e.EFTPAY_CONNECT_TIMEOUT_MS,
    timeoutMs: e.EFTPAY_TIMEOUT_MS,
    notifyUrl: `${(e.EFTPAY_NOTIFY_BASE_URL ?? e.APP_URL).replace(/\/$/, '')}/api/eftpay/notify`,
  };
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
