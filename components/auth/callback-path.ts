/** Any origin will do: only a path on it is accepted, and the browser resolves that against the page. */
const BASE = 'https://console.invalid';

/**
 * Where to go after signing in: only a same-site path (no open redirects), never back to the
 * sign-in page or to an API route; the orders list otherwise.
 *
 * Every check is made on what will actually be followed: the value is resolved first (dot
 * segments, backslashes, tabs and newlines are normalised the way the browser does it), and the
 * result must still be a path on this origin. Checking before resolving let `/..//evil.example`
 * pass as a path and come out as the protocol-relative `//evil.example`.
 */
export function safeCallbackPath(value: string | null | undefined, fallback = '/orders'): string {
  if (!value) return fallback;
  let url: URL;
  let decoded: string;
  try {
    url = new URL(value, BASE);
    // Percent-encoded slashes or letters (`/%2F%2Fevil.example`, `/%61pi/…`) are refused as if
    // decoded: a server or proxy further along may decode them.
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE || !value.startsWith('/')) return fallback;
  if (/^[/\\]{2}/.test(decoded) || decoded.includes('\\')) return fallback;
  if (decoded.startsWith('/login') || decoded.startsWith('/api/') || decoded === '/api') return fallback;
  const path = `${url.pathname}${url.search}`;
  // What the browser will do with it, once more: the path alone must not name another host.
  return new URL(path, BASE).origin === BASE ? path : fallback;
}
