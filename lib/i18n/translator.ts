import { createTranslator, type Messages } from 'use-intl/core';
import { HK_TZ } from '@/lib/time/hk';
import type { Locale } from './locales';
import en from './messages/en';
import zhHK from './messages/zh-HK';
import type { RootTranslator } from './message-text';

/** Both hold the same keys (tests/unit/i18n/catalogues.test.ts). */
const CATALOGUES: Record<Locale, Messages> = { en, 'zh-HK': zhHK };

/**
 * A root translator for a language the code names, rather than the request's: the refund slip,
 * which prints both languages whatever the reader's, and the exports, which translate their
 * headers and labels once per file outside any page. Times are Hong Kong time.
 */
export function translatorFor(locale: Locale): RootTranslator {
  return createTranslator({ locale, messages: CATALOGUES[locale], timeZone: HK_TZ });
}
