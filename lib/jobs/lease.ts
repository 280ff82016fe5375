import 'server-only';
import { gatewayConfig } from '@/lib/eftpay/gateway';

/**
 * How long a claimed order or refund is withheld from every other pass (docs/adr/0008): one gateway
 * call at most, plus a margin for recording its answer. A claim covers the call in flight and
 * nothing more — a row is claimed only when a lane is free to ask about it, and a row that needs
 * several calls (finishing a close: Query, Close, Query) renews its claim before each one — so a
 * worker that dies, however it dies, holds nothing back for longer than this.
 */
export const LEASE_MARGIN_MS = 10_000;

/** The client's whole-call timeout (EFTPAY_TIMEOUT_MS, §12 #19 of docs/eftpay-gateway.md). */
const DEFAULT_CALL_TIMEOUT_MS = 30_000;

export function callLeaseMs(marginMs: number = LEASE_MARGIN_MS): number {
  return (gatewayConfig().timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS) + marginMs;
}
