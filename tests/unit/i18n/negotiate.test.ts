import { describe, expect, it } from 'vitest';
import { localeFromAcceptLanguage, resolveLocale } from '@/lib/i18n/negotiate';

describe('the language a browser asks for (Accept-Language)', () => {
  it.each([
    ['zh-HK', 'zh-HK'],
    ['zh-TW', 'zh-HK'],
    ['zh-MO', 'zh-HK'],
    ['zh-Hant', 'zh-HK'],
    ['zh-Hant-HK', 'zh-HK'],
    ['zh', 'zh-HK'],
    ['ZH-hk', 'zh-HK'],
    ['yue-HK', 'zh-HK'],
    ['en-GB', 'en'],
    ['en', 'en'],
  ])('reads %s as %s', (header, locale) => {
    expect(localeFromAcceptLanguage(header)).toBe(locale);
  });

  it('has no Simplified Chinese: zh-CN, zh-SG and zh-Hans fall back to English', () => {
    expect(localeFromAcceptLanguage('zh-CN')).toBe('en');
    expect(localeFromAcceptLanguage('zh-SG')).toBe('en');
    expect(localeFromAcceptLanguage('zh-Hans-HK')).toBe('en');
  });

  it('falls back to English without a header, for a language it lacks, and for *', () => {
    expect(localeFromAcceptLanguage(null)).toBe('en');
    expect(localeFromAcceptLanguage('')).toBe('en');
    expect(localeFromAcceptLanguage('fr-FR, de;q=0.8')).toBe('en');
    expect(localeFromAcceptLanguage('*')).toBe('en');
  });

  it('takes the first language it has, in the browser’s order', () => {
    expect(localeFromAcceptLanguage('zh-HK,zh;q=0.9,en-US;q=0.8,en;q=0.7')).toBe('zh-HK');
    expect(localeFromAcceptLanguage('en-US,en;q=0.9,zh-HK;q=0.8')).toBe('en');
    expect(localeFromAcceptLanguage('fr, zh-TW;q=0.5, en;q=0.4')).toBe('zh-HK');
    expect(localeFromAcceptLanguage('zh-CN, zh;q=0.9')).toBe('zh-HK');
  });

  it('ranks by q-value, not by position', () => {
    expect(localeFromAcceptLanguage('en;q=0.5, zh-HK;q=0.9')).toBe('zh-HK');
    expect(localeFromAcceptLanguage('zh-HK;q=0.2, en-GB;q=0.3')).toBe('en');
    expect(localeFromAcceptLanguage('zh-HK;q=0.8, en;Q=0.8')).toBe('zh-HK');
  });

  it('treats q=0 as "not acceptable", and a malformed q as q=0', () => {
    expect(localeFromAcceptLanguage('zh-HK;q=0, en;q=0.1')).toBe('en');
    expect(localeFromAcceptLanguage('en;q=0, zh-HK;q=0.1')).toBe('zh-HK');
    expect(localeFromAcceptLanguage('zh-HK;q=abc, en;q=0.1')).toBe('en');
    expect(localeFromAcceptLanguage('zh-HK;q=2, en;q=0.1')).toBe('en');
  });

  it('tolerates spaces and empty entries', () => {
    expect(localeFromAcceptLanguage(' , zh-HK ; q=0.9 ,, ')).toBe('zh-HK');
  });
});

describe('the language of a request', () => {
  it('is the signed-in staff member’s stored choice, whatever the browser says', () => {
    expect(resolveLocale({ stored: 'zh-HK', cookie: 'en', acceptLanguage: 'en' })).toBe('zh-HK');
    expect(resolveLocale({ stored: 'en', cookie: 'zh-HK', acceptLanguage: 'zh-HK' })).toBe('en');
  });

  it('without a stored choice, is the browser’s cookie, then its Accept-Language', () => {
    expect(resolveLocale({ stored: null, cookie: 'zh-HK', acceptLanguage: 'en' })).toBe('zh-HK');
    expect(resolveLocale({ stored: null, cookie: undefined, acceptLanguage: 'zh-TW' })).toBe('zh-HK');
    expect(resolveLocale({})).toBe('en');
  });

  it('ignores stored or cookie values that are not a console language', () => {
    expect(resolveLocale({ stored: 'fr', cookie: 'zh-CN', acceptLanguage: 'zh-HK' })).toBe('zh-HK');
    expect(resolveLocale({ cookie: 'EN', acceptLanguage: 'zh' })).toBe('zh-HK');
  });
});
