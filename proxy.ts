import { type NextRequest, NextResponse } from 'next/server';
import { getToken } from 'next-auth/jwt';

/**
 * A first, cheap gate: a visitor without a session cookie is sent to sign-in with the page they
 * wanted. The real check (session row, role, stores) happens in every page and action on the server.
 * It also hands the requested path to server components, which cannot read it otherwise.
 */
export async function proxy(req: NextRequest) {
  const { pathname, search } = req.nextUrl;
  const secureCookie = (process.env.APP_URL ?? '').startsWith('https://');
  const token = await getToken({ req, secret: process.env.AUTH_SECRET, secureCookie });
  if (!token) {
    const login = new URL('/login', req.url);
    login.searchParams.set('callbackUrl', `${pathname}${search}`);
    return NextResponse.redirect(login);
  }
  const requestHeaders = new Headers(req.headers);
  requestHeaders.set('x-pathname', `${pathname}${search}`);
  return NextResponse.next({ request: { headers: requestHeaders } });
}

export const config = {
  // Everything except sign-in, next-auth, the eftPay notification endpoint and static files.
  matcher: ['/((?!login|api/auth|api/eftpay|api/health|_next/|favicon.ico).*)'],
};
