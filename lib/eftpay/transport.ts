// Sections (§) refer to docs/eftpay-gateway.md.

import 'server-only';
import { Agent, fetch } from 'undici';
import { isPlainObject, toStringFields } from './answers';
import { type SignatureReading, verify } from './sign';
import type { UnknownReason } from './types';

/**
 * One HTTP exchange with the gateway and its classification (docs/eftpay-gateway.md §3, §12 #4, #12). Knows
 * nothing about the individual APIs; the client turns `fields` into domain data.
 */

export interface TransportConfig {
  baseUrl: string;
  secretCode: string;
  /** Opening the connection (TCP, and TLS for https), §12 #19. */
  connectTimeoutMs: number;
  /** The whole exchange: connect, send, answer. */
  timeoutMs: number;
}

export type Classified =
  | { kind: 'accepted'; fields: Record<string, string>; reading: SignatureReading }
  | { kind: 'rejected'; returnStatus: string; message: string; signed: boolean }
  | { kind: 'unknown'; reason: UnknownReason; detail?: string };

export type Exchange = Classified & {
  response: unknown;
  httpStatus?: number;
  latencyMs: number;
};

const MAX_RAW_RESPONSE = 2000;

function joinUrl(baseUrl: string, endpoint: string): string {
  return baseUrl.replace(/\/+$/, '') + endpoint;
}

/**
 * Connection pools by connect timeout. A gateway client is made per operation; the pool (and its
 * kept-alive connections) outlives it. undici's own fetch, so the pool and the fetch that uses it
 * are always the same undici version, whichever one the running Node.js bundles.
 */
const pools = new Map<number, Agent>();

function poolFor(connectTimeoutMs: number): Agent {
  let pool = pools.get(connectTimeoutMs);
  if (!pool) {
    pool = new Agent({ connect: { timeout: connectTimeoutMs } });
    pools.set(connectTimeoutMs, pool);
  }
  return pool;
}

/** Why fetch failed, without echoing its message (it can contain the URL and nothing useful). */
function failureReason(error: unknown, timedOut: boolean): UnknownReason {
  if (timedOut) return 'timeout';
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  if (cause?.code === 'UND_ERR_CONNECT_TIMEOUT') return 'timeout';
  return 'network';
}

/**
 * Classifies a parsed 200 answer. §3: error answers may come without `time`/`sign`, so a non-"00"
 * answer that is unsigned is still a rejection (it changes no state). A "00" answer is only
 * believed with a valid signature, from the body or else a `sign` header (§12 #4).
 */
export function classifyAnswer(
  body: Record<string, unknown>,
  headerSign: string | null,
  secretCode: string,
): Classified {
  const returnStatus = body.return_status;
  if (typeof returnStatus !== 'string' || returnStatus === '') {
    return { kind: 'unknown', reason: 'unparsable', detail: 'no return_status' };
  }
  const bodySign = typeof body.sign === 'string' && body.sign !== '' ? body.sign : undefined;
  const signature = bodySign ?? (headerSign || undefined);
  const message = typeof body.return_char === 'string' ? body.return_char : '';
  if (signature === undefined) {
    return returnStatus === '00'
      ? { kind: 'unknown', reason: 'unsigned' }
      : { kind: 'rejected', returnStatus, message, signed: false };
  }
  const checked = verify({ ...body, sign: signature }, secretCode);
  if (!checked.ok) return { kind: 'unknown', reason: 'bad-signature' };
  if (returnStatus !== '00') return { kind: 'rejected', returnStatus, message, signed: true };
  const fields = toStringFields(body);
  if (fields === null) return { kind: 'unknown', reason: 'unparsable', detail: 'nested value' };
  return { kind: 'accepted', fields, reading: checked.reading };
}

/**
 * POSTs the signed body as JSON. `connectTimeoutMs` bounds opening the connection (the pool's
 * connector), `timeoutMs` the whole exchange (an AbortController); either one running out makes
 * the outcome unknown.
 */
export async function exchange(
  config: TransportConfig,
  endpoint: string,
  body: Record<string, string>,
): Promise<Exchange> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, config.timeoutMs);
  let httpStatus: number | undefined;
  let text: string;
  let headerSign: string | null = null;
  try {
    const response = await fetch(joinUrl(config.baseUrl, endpoint), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
      signal: controller.signal,
      redirect: 'error',
      dispatcher: poolFor(config.connectTimeoutMs),
    });
    httpStatus = response.status;
    headerSign = response.headers.get('sign');
    text = await response.text();
  } catch (error) {
    const reason = failureReason(error, timedOut);
    return { kind: 'unknown', reason, response: null, httpStatus, latencyMs: elapsed() };
  } finally {
    clearTimeout(timer);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const response = parsed === undefined ? text.slice(0, MAX_RAW_RESPONSE) : parsed;
  const base = { response, httpStatus, latencyMs: elapsed() };
  // Any non-200 leaves the effect unknown, even if the body looks like an answer.
  if (httpStatus !== 200) return { kind: 'unknown', reason: 'http-status', ...base };
  if (!isPlainObject(parsed)) return { kind: 'unknown', reason: 'unparsable', ...base };
  return { ...classifyAnswer(parsed, headerSign, config.secretCode), ...base };
}
