import type { Locale } from './locales';

/** next-intl's `useLocale()` / `getLocale()` return one of the console's languages. */
declare module 'next-intl' {
  interface AppConfig {
    Locale: Locale;
  }
}
