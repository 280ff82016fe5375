/**
 * Where to go after signing in: only a same-site path (no open redirects), never back to the
 * sign-in page or to an API route; the orders list otherwise.
 */
export function safeCallbackPath(value: string | null | undefined, fallback = '/orders'): string {
  if (!value?.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  if (value.startsWith('/login') || value.startsWith('/api/')) return fallback;
  try {
    const url = new URL(value, 'http://console.invalid');
    if (url.origin !== 'http://console.invalid') return fallback;
    return `${url.pathname}${url.search}`;
  } catch {
    return fallback;
  }
}
