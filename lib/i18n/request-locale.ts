import { LOCALE_COOKIE, type Locale } from './locales';
import { resolveLocale } from './negotiate';

/** One cookie's raw value from a Cookie header, or null. */
function cookieValue(header: string | null, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return null;
}

/**
 * The language of a route handler's request, by the same rule as the pages (lib/i18n/request.ts):
 * the signed-in staff member's stored choice, else the browser's `NEXT_LOCALE` cookie, else its
 * Accept-Language — read from the Request itself, so that it works wherever the handler is called.
 */
export function requestLocale(request: Request, stored: string | null | undefined): Locale {
  return resolveLocale({
    stored,
    cookie: cookieValue(request.headers.get('cookie'), LOCALE_COOKIE),
    acceptLanguage: request.headers.get('accept-language'),
  });
}
