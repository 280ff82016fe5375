import { afterEach, describe, expect, it, vi } from 'vitest';
import { clientIp, clientIpFrom, UNKNOWN_CLIENT } from '@/lib/auth/request-info';

const REQUIRED = {
  AUTH_SECRET: 'unit-auth-secret-0123456789abcdef0123456789',
  EFTPAY_BASE_URL: 'https://vmp.example.com/VMP',
  EFTPAY_USER_CONFIRM_KEY: 'UNITKEY',
  EFTPAY_SECRET_CODE: 'unit-secret-code',
};

describe('clientIpFrom (X-Forwarded-For, trusted proxy hops)', () => {
  it.each([
    // With no trusted proxy every forwarding header was written by the client itself.
    ['6.6.6.6', 0, UNKNOWN_CLIENT],
    ['6.6.6.6, 203.0.113.7', 0, UNKNOWN_CLIENT],
    [null, 0, UNKNOWN_CLIENT],
    // One proxy appends the address it saw: the last entry; anything before it is the client's say.
    ['203.0.113.7', 1, '203.0.113.7'],
    ['6.6.6.6, 203.0.113.7', 1, '203.0.113.7'],
    ['6.6.6.6,7.7.7.7 ,  203.0.113.7', 1, '203.0.113.7'],
    ['2001:db8::1', 1, '2001:db8::1'],
    // Two proxies (a CDN, then a load balancer): the second entry from the right.
    ['6.6.6.6, 203.0.113.7, 10.0.0.2', 2, '203.0.113.7'],
    ['203.0.113.7, 10.0.0.2', 2, '203.0.113.7'],
  ])('%j with %i trusted hops is %s', (header, hops, expected) => {
    expect(clientIpFrom(header, hops)).toBe(expected);
  });

  it.each([
    // Fewer entries than trusted proxies: the request did not come through all of them.
    ['203.0.113.7', 2],
    [null, 1],
    ['', 1],
    [' , ', 1],
    // Whatever the trusted entry holds must be an address.
    ['6.6.6.6, not-an-ip', 1],
    ['6.6.6.6, 203.0.113.7<script>', 1],
  ])('%j with %i trusted hops is unknown', (header, hops) => {
    expect(clientIpFrom(header, hops)).toBe(UNKNOWN_CLIENT);
  });
});

describe('clientIp (request headers, configured hops)', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  const spoofed = new Headers({ 'x-forwarded-for': '6.6.6.6, 203.0.113.7', 'x-real-ip': '6.6.6.6' });

  it('trusts no forwarding header by default', () => {
    for (const [name, value] of Object.entries(REQUIRED)) vi.stubEnv(name, value);
    expect(clientIp(spoofed)).toBe(UNKNOWN_CLIENT);
    expect(clientIp(new Headers({ 'x-real-ip': '6.6.6.6' }))).toBe(UNKNOWN_CLIENT);
  });

  it('takes the address the configured proxy saw, not the first one the client wrote', () => {
    for (const [name, value] of Object.entries({ ...REQUIRED, TRUSTED_PROXY_HOPS: '1' })) vi.stubEnv(name, value);
    expect(clientIp(spoofed)).toBe('203.0.113.7');
  });
});
