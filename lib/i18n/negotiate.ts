import { DEFAULT_LOCALE, isLocale, type Locale } from './locales';

/**
 * The console language for one language tag of an Accept-Language header, or null when we have no
 * language for it. Any Traditional Chinese (zh-HK, zh-TW, zh-MO, zh-Hant…), bare `zh` and Cantonese
 * (`yue`) read zh-HK; Simplified Chinese (zh-CN, zh-SG, zh-Hans) has no catalogue here.
 */
function localeForTag(tag: string): Locale | null {
  const [language, ...rest] = tag.toLowerCase().split('-');
  if (language === 'en') return 'en';
  if (language === 'yue') return 'zh-HK';
  if (language !== 'zh') return null;
  if (rest.length === 0 || rest.includes('hant')) return 'zh-HK';
  if (rest.includes('hans')) return null;
  return rest.some((subtag) => ['hk', 'tw', 'mo'].includes(subtag)) ? 'zh-HK' : null;
}

/**
 * The browser's preferred console language from its Accept-Language header (RFC 9110 §12.5.4):
 * tags in order of their q-value (ties keep the browser's order), q=0 meaning "not acceptable";
 * the first tag we have a language for wins. `*`, or nothing we know, gives English.
 */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale {
  if (!header) return DEFAULT_LOCALE;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const qParam = params.map((p) => p.trim()).find((p) => /^q=/i.test(p));
      const q = qParam === undefined ? 1 : Number(qParam.slice(2));
      return { tag: tag.trim(), q: Number.isFinite(q) && q >= 0 && q <= 1 ? q : 0, index };
    })
    .filter((entry) => entry.tag !== '' && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    if (tag === '*') return DEFAULT_LOCALE;
    const locale = localeForTag(tag);
    if (locale) return locale;
  }
  return DEFAULT_LOCALE;
}

/**
 * The language for a request: the signed-in staff member's stored choice, else the browser's
 * choice (the `NEXT_LOCALE` cookie), else its Accept-Language. Unknown values are ignored.
 */
export function resolveLocale(sources: {
  stored?: string | null;
  cookie?: string | null;
  acceptLanguage?: string | null;
}): Locale {
  if (isLocale(sources.stored)) return sources.stored;
  if (isLocale(sources.cookie)) return sources.cookie;
  return localeFromAcceptLanguage(sources.acceptLanguage);
}
