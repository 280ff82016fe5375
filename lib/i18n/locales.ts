/**
 * The console's languages. `en` is the default; `zh-HK` is Traditional Chinese as written in Hong
 * Kong. Safe to import anywhere (server, client, schema).
 */
export const LOCALES = ['en', 'zh-HK'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

/**
 * The browser's own choice, made before sign-in (or kept after sign-out). It overrides
 * Accept-Language; a signed-in staff member's stored choice overrides it.
 */
export const LOCALE_COOKIE = 'NEXT_LOCALE';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** How each language names itself, for the language switch (always shown in its own language). */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', 'zh-HK': '中文' };
