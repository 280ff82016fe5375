import { describe, expect, it } from 'vitest';
import { safeCallbackPath } from '@/components/auth/callback-path';

const ORIGIN = 'https://console.example';

/** Where the browser actually goes: `window.location.assign` resolves the path against the page. */
const landsOn = (path: string) => new URL(path, ORIGIN);

describe('safeCallbackPath', () => {
  it.each([
    ['/orders?store=1', '/orders?store=1'],
    ['/refunds/abc', '/refunds/abc'],
    ['/orders/../refunds', '/refunds'],
    ['/./orders', '/orders'],
  ])('keeps the same-site path %s as %s', (value, expected) => {
    expect(safeCallbackPath(value)).toBe(expected);
  });

  it.each([
    '//evil.example',
    '/\\evil.example',
    '/./\\evil.example',
    '/.//evil.example',
    '/..//evil.example',
    '/../\\evil.example',
    '/%2F%2Fevil.example',
    '/%5C%5Cevil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    '\\/evil.example',
    'https://evil.example',
    'http:evil.example',
    'javascript:alert(1)',
    '/orders/../..//evil.example',
    '/orders/..//evil.example',
    '/orders/%2E%2E//evil.example',
  ])('never leaves the site for %j', (value) => {
    const path = safeCallbackPath(value);
    expect(path.startsWith('/')).toBe(true);
    expect(landsOn(path).origin).toBe(ORIGIN);
    expect(path).toBe('/orders');
  });

  it.each(['/login', '/./login', '/orders/../login?x=1', '/api/auth/signout', '/./api/auth/signout', '/%61pi/x'])(
    'does not come back to sign-in or an API route for %j',
    (value) => {
      expect(safeCallbackPath(value)).toBe('/orders');
    },
  );

  it('falls back for nothing at all', () => {
    expect(safeCallbackPath(undefined)).toBe('/orders');
    expect(safeCallbackPath('')).toBe('/orders');
  });
});
