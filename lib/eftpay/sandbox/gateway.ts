import 'server-only';
import { isPlainObject, toStringFields } from '../answers';
import { sign, verify } from '../sign';
import { parseGatewayTime } from '../time';
import { isWallet, WALLETS } from '../wallets';
import { addMs, type SandboxContext } from './context';
import type { QueuedFault } from './control-schemas';
import { DEFAULT_TIMEOUT_HOLD_MS, type FaultQueue } from './faults';
import { parseJson } from './http';
import { storedOrder } from './lookup';
import { close, preOrder, query } from './orders';
import { appRefund, qrRefund } from './refunds';
import { failure, type HandlerResult, RETURN_CODES, renderAnswer } from './render';
import type { RequestLogEntry } from './state-schema';

/** The eftPay-facing half of the sandbox: parse, log, verify, dispatch, apply faults. */

export const GATEWAY_PATHS = {
  jsapi: '/VMP/Servlet/JSAPIService.do',
  appRefund: '/VMP/Servlet/AppTradeRefund.do',
  appApplyRefund: '/VMP/Servlet/AppTradeApplyRefund.do',
} as const;

export type GatewayReply =
  | { kind: 'json'; status: number; body: Record<string, string>; holdMs?: number }
  | { kind: 'text'; status: number; text: string };

const QR_BUYER_TYPES = new Set(['ios', 'android', 'others']);
const OPERATIONS = { PreOrder: 'preOrder', Query: 'query', Close: 'close', Refund: 'qrRefund' } as const;

function deferMsFor(ctx: SandboxContext, fault: QueuedFault | undefined): number | undefined {
  return fault?.fault === 'apply-success-then-notification'
    ? (fault.delayMs ?? ctx.settings.applyRefundNotifyDelayMs)
    : undefined;
}

/**
 * JSAPIService.do: the service name picks the operation; it must belong to payment_type's wallet
 * (docs/eftpay-gateway.md §4.0).
 */
function dispatchJsapi(
  ctx: SandboxContext,
  fields: Record<string, string>,
  fault: QueuedFault | undefined,
): HandlerResult {
  const service = fields.service ?? '';
  const suffix = service.slice(service.lastIndexOf('.') + 1);
  const operation = suffix in OPERATIONS ? OPERATIONS[suffix as keyof typeof OPERATIONS] : undefined;
  if (!operation) return failure(RETURN_CODES.INVALID_PARAMS, 'unknown service');
  const wallet = fields.payment_type;
  if (!isWallet(wallet)) return failure(RETURN_CODES.INVALID_PARAMS, 'unknown payment_type');
  const info = WALLETS[wallet];
  const expected = info.services[operation];
  if (expected === null) return failure(RETURN_CODES.UNSUPPORTED, `${suffix} is not available for ${wallet}`);
  if (expected !== service || fields.paytype !== info.paytype) {
    return failure(RETURN_CODES.UNSUPPORTED, 'service, paytype and payment_type do not belong together');
  }
  if (!QR_BUYER_TYPES.has(fields.buyertype ?? '')) return failure(RETURN_CODES.INVALID_PARAMS, 'invalid buyertype');
  switch (operation) {
    case 'preOrder':
      return preOrder(ctx, fields, wallet);
    case 'query':
      return query(ctx, fields, wallet);
    case 'close':
      return close(ctx, fields, wallet);
    case 'qrRefund':
      return qrRefund(ctx, fields, wallet, { deferMs: deferMsFor(ctx, fault) });
  }
}

function dispatch(
  ctx: SandboxContext,
  path: string,
  fields: Record<string, string>,
  fault: QueuedFault | undefined,
): HandlerResult {
  if (path === GATEWAY_PATHS.jsapi) return dispatchJsapi(ctx, fields, fault);
  const apply = path === GATEWAY_PATHS.appApplyRefund;
  return appRefund(ctx, fields, { apply, deferMs: deferMsFor(ctx, fault) });
}

/** processing-then-result: the answer and the next Queries say TRADE_PROCESSING for a while. */
function maskResult(ctx: SandboxContext, result: HandlerResult, fault: QueuedFault): HandlerResult {
  if (!result.ok || !result.target) return result;
  const order = storedOrder(ctx.state, result.target.outTradeNo);
  const refundNo = result.target.refundNo;
  const holder = refundNo === undefined ? order : order?.refunds.find((r) => r.refundNo === refundNo);
  if (!holder) return result;
  holder.mask =
    fault.delayMs === undefined
      ? { status: 'TRADE_PROCESSING', remainingQueries: fault.times }
      : { status: 'TRADE_PROCESSING', until: addMs(ctx.now(), fault.delayMs) };
  ctx.persist();
  return { ...result, fields: { ...result.fields, trade_status: 'TRADE_PROCESSING' } };
}

function checkEnvelope(
  ctx: SandboxContext,
  body: unknown,
): { fields: Record<string, string> } | { error: HandlerResult } {
  if (!isPlainObject(body)) return { error: failure(RETURN_CODES.INVALID_PARAMS, 'body must be a JSON object') };
  if (!verify(body, ctx.settings.secretCode).ok)
    return { error: failure(RETURN_CODES.BAD_SIGNATURE, 'signature error') };
  const fields = toStringFields(body);
  if (fields === null) return { error: failure(RETURN_CODES.INVALID_PARAMS, 'nested values are not supported') };
  if (fields.user_confirm_key !== ctx.settings.userConfirmKey) {
    return { error: failure(RETURN_CODES.BAD_SIGNATURE, 'unknown user_confirm_key') };
  }
  const skew = ctx.settings.maxClockSkewMinutes;
  const sent = parseGatewayTime(fields.time ?? '');
  if (sent === null) return { error: failure(RETURN_CODES.INVALID_PARAMS, 'invalid time') };
  if (skew !== undefined && Math.abs(sent.getTime() - ctx.now().getTime()) > skew * 60_000) {
    return { error: failure(RETURN_CODES.INVALID_PARAMS, 'time is outside the accepted window') };
  }
  return { fields };
}

export function handleGatewayRequest(
  ctx: SandboxContext,
  faults: FaultQueue,
  path: string,
  rawBody: string,
): GatewayReply {
  const parsed = parseJson(rawBody);
  const entry: RequestLogEntry = {
    id: ctx.state.nextRequestId++,
    at: ctx.now().toISOString(),
    path,
    body: parsed.ok ? parsed.value : rawBody,
  };
  ctx.state.requests.push(entry);

  const checked = checkEnvelope(ctx, entry.body);
  let result: HandlerResult;
  let fault: QueuedFault | undefined;
  let service = '';
  if ('error' in checked) {
    result = checked.error;
  } else {
    const { fields } = checked;
    service = fields.service ?? '';
    fault = faults.take({
      path,
      service: fields.service,
      outTradeNo: fields.out_trade_no,
      refundNo: fields.refund_no ?? fields.out_refund_no,
    });
    const lostBeforeApplying = fault !== undefined && !fault.apply;
    result = lostBeforeApplying
      ? failure(RETURN_CODES.SYSTEM, 'system busy, request not processed')
      : dispatch(ctx, path, fields, fault);
    if (fault?.fault === 'processing-then-result' && fault.apply) result = maskResult(ctx, result, fault);
  }

  const answer = renderAnswer(ctx, result);
  entry.returnStatus = answer.return_status;
  entry.tradeStatus = answer.trade_status;
  entry.fault = fault?.fault;
  ctx.persist();
  ctx.log(
    `${path} ${service} → ${answer.return_status}${answer.trade_status ? ` ${answer.trade_status}` : ''}${fault ? ` [fault ${fault.fault}]` : ''}`,
  );

  switch (fault?.fault) {
    case 'timeout':
      return { kind: 'json', status: 200, body: answer, holdMs: fault.delayMs ?? DEFAULT_TIMEOUT_HOLD_MS };
    case 'http-500':
      return { kind: 'text', status: 500, text: 'Internal Server Error' };
    case 'garbled': {
      const text = JSON.stringify(answer);
      return { kind: 'text', status: 200, text: text.slice(0, Math.max(1, Math.floor(text.length / 2))) };
    }
    case 'bad-signature':
      return { kind: 'json', status: 200, body: { ...answer, sign: sign(answer, `${ctx.settings.secretCode}-wrong`) } };
    default:
      return { kind: 'json', status: 200, body: answer };
  }
}
