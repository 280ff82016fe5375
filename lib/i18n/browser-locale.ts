import { LOCALE_COOKIE, type Locale } from './locales';

const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

/**
 * Remembers the language in this browser (the `NEXT_LOCALE` cookie), for the sign-in page and for
 * after sign-out. Set from the page on purpose, not HttpOnly: it is a display preference, never
 * trusted (lib/i18n/negotiate.ts accepts only a known language), and it must be writable before
 * anyone has signed in, when no server action may run.
 */
export function rememberLocaleInBrowser(locale: Locale): void {
  const secure = window.location.protocol === 'https:' ? '; Secure' : '';
  // biome-ignore lint/suspicious/noDocumentCookie: a plain preference cookie; the Cookie Store API is not in every browser staff use.
  document.cookie = `${LOCALE_COOKIE}=${locale}; Path=/; Max-Age=${ONE_YEAR_SECONDS}; SameSite=Lax${secure}`;
}
