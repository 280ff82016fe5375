import 'server-only';
import type { NextAuthOptions } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { env } from '@/lib/env';
import { clientIp } from './request-info';
import { endSession, signIn } from './sign-in';

const CredentialsInput = z.object({
  email: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(200),
  code: z.string().trim().max(32).optional(),
});

/**
 * The cookies this app sets, spelled out rather than left to defaults: none is readable by scripts
 * (HttpOnly), none is sent on cross-site requests other than top-level navigation (SameSite=Lax),
 * and over HTTPS all are `Secure` with the `__Secure-`/`__Host-` prefixes (the names proxy.ts's
 * `getToken({ secureCookie })` expects).
 */
function sessionCookies(secure: boolean): NextAuthOptions['cookies'] {
  const options = { httpOnly: true, sameSite: 'lax', path: '/', secure } as const;
  const prefix = secure ? '__Secure-' : '';
  return {
    sessionToken: { name: `${prefix}next-auth.session-token`, options },
    callbackUrl: { name: `${prefix}next-auth.callback-url`, options },
    csrfToken: { name: `${secure ? '__Host-' : ''}next-auth.csrf-token`, options },
  };
}

/**
 * next-auth with the credentials provider. The JWT holds only our session id (`sid`); who that is,
 * and what they may do, is read from the database on every request (lib/auth/session.ts).
 */
export function getAuthOptions(): NextAuthOptions {
  const e = env();
  process.env.NEXTAUTH_URL ??= e.APP_URL;
  const secure = e.APP_URL.startsWith('https://');
  return {
    secret: e.AUTH_SECRET,
    // The cookie lives as long as the session may (lib/auth/session.ts ends it there regardless).
    session: { strategy: 'jwt', maxAge: e.SESSION_MAX_HOURS * 60 * 60 },
    jwt: { maxAge: e.SESSION_MAX_HOURS * 60 * 60 },
    pages: { signIn: '/login', error: '/login' },
    useSecureCookies: secure,
    cookies: sessionCookies(secure),
    providers: [
      Credentials({
        // next-auth's own name for the provider; its built-in pages are not used (pages.signIn).
        name: 'credentials',
        credentials: { email: { type: 'email' }, password: { type: 'password' }, code: { type: 'text' } },
        async authorize(raw, req) {
          const parsed = CredentialsInput.safeParse(raw);
          if (!parsed.success) throw new Error('invalid');
          const headers = new Headers(req.headers as Record<string, string>);
          const result = await signIn(await getDb(), parsed.data, {
            ip: clientIp(headers),
            userAgent: headers.get('user-agent'),
          });
          if (!result.ok) throw new Error(result.reason);
          return { id: result.staffId, sid: result.sessionId };
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user && 'sid' in user) token.sid = String(user.sid);
        return token;
      },
      session({ session, token }) {
        // Only the session id crosses to the browser; no name, e-mail or role is needed there.
        return { expires: session.expires, sid: typeof token.sid === 'string' ? token.sid : undefined } as never;
      },
    },
    events: {
      async signOut({ token }) {
        if (typeof token?.sid === 'string') await endSession(await getDb(), token.sid, {});
      },
    },
  };
}
