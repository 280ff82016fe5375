import 'server-only';
import { isIP } from 'node:net';
import { env } from '@/lib/env';

/** What a request's address is recorded as when nothing trustworthy names it. */
export const UNKNOWN_CLIENT = 'unknown';

/**
 * The client address, for sign-in rate limits, sessions and the audit log, as the configured
 * trusted proxies report it (`TRUSTED_PROXY_HOPS`; its paragraph in the README says how to set it).
 *
 * Each proxy appends the address it saw to X-Forwarded-For, so only the last `hops` entries were
 * written by proxies we run; everything to their left is whatever the client sent. The client is
 * therefore the `hops`-th entry from the right. With no trusted proxy (0), every forwarding header
 * is the client's own say, and the socket address is out of reach: Next hands route handlers and
 * next-auth a `Request` without it, and `next start` fills X-Forwarded-For with the socket address
 * only when the client sent none, so a header cannot be told from the socket. The address is then
 * `unknown` for every request: one shared bucket for the per-address sign-in limit rather than one
 * per address the client cares to name.
 */
export function clientIp(headers: { get(name: string): string | null | undefined }): string {
  return clientIpFrom(headers.get('x-forwarded-for'), env().TRUSTED_PROXY_HOPS);
}

/** The `hops`-th X-Forwarded-For entry from the right, if it is an address; `unknown` otherwise. */
export function clientIpFrom(forwardedFor: string | null | undefined, hops: number): string {
  if (hops < 1 || !forwardedFor) return UNKNOWN_CLIENT;
  const entries = forwardedFor
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  // Fewer entries than trusted proxies: the request did not come through all of them.
  const candidate = entries.length >= hops ? entries[entries.length - hops] : undefined;
  return candidate && isIP(candidate) ? candidate : UNKNOWN_CLIENT;
}
