import 'server-only';
import { cookies, headers } from 'next/headers';
import type { AbstractIntlMessages } from 'next-intl';
import { getRequestConfig } from 'next-intl/server';
import { getCurrentActor } from '@/lib/auth/current';
import { HK_TZ } from '@/lib/time/hk';
import { LOCALE_COOKIE, type Locale } from './locales';
import en from './messages/en';
import zhHK from './messages/zh-HK';
import { resolveLocale } from './negotiate';

/** Both hold the same keys (tests/unit/i18n/catalogues.test.ts). */
const CATALOGUES: Record<Locale, AbstractIntlMessages> = { en, 'zh-HK': zhHK };

/**
 * The language of this request: the signed-in staff member's stored choice, else the browser's
 * (its `NEXT_LOCALE` cookie, then Accept-Language). The actor is the request's one cached read
 * (lib/auth/current.ts), shared with the page. Times are always Hong Kong time.
 */
export default getRequestConfig(async () => {
  const [actor, cookieStore, headerList] = await Promise.all([getCurrentActor(), cookies(), headers()]);
  const locale = resolveLocale({
    stored: actor?.locale,
    cookie: cookieStore.get(LOCALE_COOKIE)?.value,
    acceptLanguage: headerList.get('accept-language'),
  });
  return { locale, messages: CATALOGUES[locale], timeZone: HK_TZ };
});
