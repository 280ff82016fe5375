// Sections (§) refer to docs/eftpay-gateway.md.

import 'server-only';
import { type ParsedAnswer, parseOrderAnswer, parsePreOrderAnswer, parseRefundAnswer } from './answers';
import { EftpayInputError } from './errors';
import {
  type BuiltRequest,
  buildClose,
  buildPreOrder,
  buildQuery,
  buildRefund,
  type PreOrderInput,
  type RefundInput,
} from './requests';
import { signParams } from './sign';
import { toGatewayTime } from './time';
import { exchange } from './transport';
import type { GatewayCallRecord, GatewayOutcome, OrderAnswer, PreOrderAnswer, RefundAnswer } from './types';
import type { Wallet } from './wallets';

export interface EftpayClientConfig {
  /** `{domain}` of docs/eftpay-gateway.md §1, e.g. https://vmp.eftpay.com.cn/VMP (no trailing /Servlet). */
  baseUrl: string;
  userConfirmKey: string;
  secretCode: string;
  /** Opening the connection (TCP, and TLS for https). Default 10 s (§12 #19). */
  connectTimeoutMs?: number;
  /** Whole exchange. Default 30 s (§12 #19). */
  timeoutMs?: number;
  /** Called exactly once per gateway call, after the answer; a throw propagates to the caller. */
  onCall?: (record: GatewayCallRecord) => void | Promise<void>;
  now?: () => Date;
}

export interface EftpayClient {
  /** Sandbox/demo only: the console never creates orders itself. */
  preOrder(input: PreOrderInput): Promise<GatewayOutcome<PreOrderAnswer>>;
  queryOrder(input: { wallet: Wallet; outTradeNo: string }): Promise<GatewayOutcome<OrderAnswer>>;
  queryRefund(input: { wallet: Wallet; outTradeNo: string; refundNo: string }): Promise<GatewayOutcome<RefundAnswer>>;
  /** Throws EftpayUnsupportedOperationError for wallets without Close (§4.3). Confirm with Query (§12 #13). */
  close(input: { wallet: Wallet; outTradeNo: string }): Promise<GatewayOutcome<OrderAnswer>>;
  /** Dispatches through WALLETS[wallet].refundApi (§12 #9); FPS throws EftpayUnsupportedOperationError. */
  refund(input: RefundInput): Promise<GatewayOutcome<RefundAnswer>>;
}

function positiveMs(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new EftpayInputError(`${name} must be a positive number`);
  return value;
}

function outcomeDetail(outcome: GatewayOutcome<unknown>, extra?: string): string {
  const main =
    outcome.kind === 'accepted'
      ? outcome.tradeStatus
      : outcome.kind === 'rejected'
        ? outcome.returnStatus
        : outcome.reason;
  return extra ? `${main}: ${extra}` : main;
}

export function createEftpayClient(config: EftpayClientConfig): EftpayClient {
  if (!/^https?:\/\//.test(config.baseUrl)) throw new EftpayInputError('baseUrl must be an http(s) URL');
  if (!config.userConfirmKey || !config.secretCode) {
    throw new EftpayInputError('userConfirmKey and secretCode are required');
  }
  const timeoutMs = positiveMs('timeoutMs', config.timeoutMs, 30_000);
  const connectTimeoutMs = positiveMs('connectTimeoutMs', config.connectTimeoutMs, 10_000);
  const now = config.now ?? (() => new Date());
  const transport = { baseUrl: config.baseUrl, secretCode: config.secretCode, connectTimeoutMs, timeoutMs };

  async function call<T>(
    build: (common: { userConfirmKey: string; time: string }) => BuiltRequest,
    parse: (fields: Record<string, string>) => ParsedAnswer<T>,
    options: { tradeStatusRequired: boolean },
  ): Promise<GatewayOutcome<T>> {
    // Builders throw (typed) before anything is sent; such calls leave no record.
    const built = build({ userConfirmKey: config.userConfirmKey, time: toGatewayTime(now()) });
    const request = signParams(built.params, config.secretCode);
    const result = await exchange(transport, built.endpoint, request);
    let outcome: GatewayOutcome<T>;
    let extra: string | undefined;
    if (result.kind === 'accepted') {
      const tradeStatus = result.fields.trade_status;
      const parsed = parse(result.fields);
      if (tradeStatus === undefined && options.tradeStatusRequired) {
        outcome = { kind: 'unknown', reason: 'unparsable' };
        extra = 'no trade_status';
      } else if (!parsed.ok) {
        outcome = { kind: 'unknown', reason: 'unparsable' };
        extra = parsed.issue;
      } else {
        outcome = { kind: 'accepted', tradeStatus: tradeStatus ?? '', data: parsed.data };
      }
    } else if (result.kind === 'rejected') {
      outcome = { kind: 'rejected', returnStatus: result.returnStatus, message: result.message, signed: result.signed };
    } else {
      outcome = { kind: 'unknown', reason: result.reason };
      extra = result.detail;
    }
    const record: GatewayCallRecord = {
      api: built.api,
      endpoint: built.endpoint,
      ...(built.service === undefined ? {} : { service: built.service }),
      outTradeNo: built.outTradeNo,
      ...(built.refundNo === undefined ? {} : { refundNo: built.refundNo }),
      request,
      response: result.response,
      ...(result.httpStatus === undefined ? {} : { httpStatus: result.httpStatus }),
      latencyMs: result.latencyMs,
      outcome: outcome.kind,
      detail: outcomeDetail(outcome, extra),
    };
    await config.onCall?.(record);
    return outcome;
  }

  return {
    preOrder: (input) =>
      call(
        (common) => buildPreOrder(input, common),
        (fields) => parsePreOrderAnswer(fields, input.outTradeNo),
        // The PreOrder answer table was cut off (§4.1); do not insist on a status there.
        { tradeStatusRequired: false },
      ),
    queryOrder: (input) =>
      call(
        (common) => buildQuery({ wallet: input.wallet, outTradeNo: input.outTradeNo }, common),
        (fields) => parseOrderAnswer(fields, input.outTradeNo),
        { tradeStatusRequired: true },
      ),
    queryRefund: (input) =>
      call(
        (common) => {
          // Without refund_no the gateway would describe the sale instead (§4.2 rule).
          if (!input.refundNo) throw new EftpayInputError('refundNo is required');
          return buildQuery(input, common);
        },
        (fields) => parseRefundAnswer(fields, input),
        { tradeStatusRequired: true },
      ),
    close: (input) =>
      call(
        (common) => buildClose(input, common),
        (fields) => parseOrderAnswer(fields, input.outTradeNo),
        { tradeStatusRequired: true },
      ),
    refund: (input) =>
      call(
        (common) => buildRefund(input, common),
        (fields) => parseRefundAnswer(fields, input),
        { tradeStatusRequired: true },
      ),
  };
}
