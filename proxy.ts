import { type NextRequest, NextResponse } from 'next/server';
import { getToken } from 'next-auth/jwt';

/** next.config.mjs's `serverActions.bodySizeLimit` (2 MB). */
const ACTION_BODY_LIMIT_BYTES = 2 * 1024 * 1024;

/**
 * A first, cheap gate: a visitor without a session cookie is sent to sign-in with the page they
 * wanted. The real check (session row, role, stores) happens in every page and action on the server.
 * It also hands the requested path to server components, which cannot read it otherwise, and sets
 * the per-request Content-Security-Policy (the static security headers are in next.config.mjs).
 */
export async function proxy(req: NextRequest) {
  const { pathname, search } = req.nextUrl;
  // A server action's body above Next's limit (next.config.mjs) is the sender's mistake: 413, not
  // the 500 Next would answer after reading it.
  if (req.method === 'POST' && req.headers.has('next-action')) {
    const length = Number(req.headers.get('content-length') ?? 0);
    if (length > ACTION_BODY_LIMIT_BYTES) return new NextResponse('Request too large.', { status: 413 });
  }
  const https = (process.env.APP_URL ?? '').startsWith('https://');
  const nonce = newNonce();
  const csp = contentSecurityPolicy(nonce, https);

  if (!isSignInPage(pathname)) {
    const token = await getToken({ req, secret: process.env.AUTH_SECRET, secureCookie: https });
    if (!token) {
      // An API client gets a status it can act on; a person gets the sign-in page and comes back.
      if (pathname.startsWith('/api/')) {
        return NextResponse.json({ code: 'UNAUTHENTICATED', message: 'Please sign in again.' }, { status: 401 });
      }
      const login = new URL('/login', req.url);
      login.searchParams.set('callbackUrl', `${pathname}${search}`);
      return NextResponse.redirect(login);
    }
  }
  const requestHeaders = new Headers(req.headers);
  requestHeaders.set('x-pathname', `${pathname}${search}`);
  // Next reads the nonce from the request's CSP header and puts it on the scripts it renders.
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('Content-Security-Policy', csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('Content-Security-Policy', csp);
  if (https) response.headers.set('Strict-Transport-Security', 'max-age=63072000; includeSubDomains');
  return response;
}

function isSignInPage(pathname: string): boolean {
  return pathname === '/login' || pathname.startsWith('/login/');
}

function newNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}

/**
 * Scripts run only with this request's nonce ('strict-dynamic' lets them load Next's chunks); no
 * plug-ins, no framing, forms and fetches to this origin only. Styles allow 'unsafe-inline': React
 * and Radix set style attributes, and a style cannot run code. Development needs eval for React's
 * error overlay.
 */
function contentSecurityPolicy(nonce: string, https: boolean): string {
  const dev = process.env.NODE_ENV === 'development';
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

export const config = {
  // Everything except next-auth, the eftPay notification endpoint, the health check and static
  // files. The sign-in page is included for its CSP, but is not gated.
  matcher: ['/((?!api/auth|api/eftpay|api/health|_next/|favicon.ico).*)'],
};
