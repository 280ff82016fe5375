import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { hasChinese, LangText } from '@/components/ui/lang-text';

const html = (text: string | null, props: { className?: string; fallback?: string } = {}) =>
  renderToStaticMarkup(createElement(LangText, props, text));

describe('Chinese text typed by people carries its language', () => {
  it('finds Chinese characters, alone or among Latin ones', () => {
    expect(hasChinese('退款給顧客')).toBe(true);
    expect(hasChinese('Latte 拿鐵 x2')).toBe(true);
    expect(hasChinese('陳大文')).toBe(true);
    expect(hasChinese('Returned goods, size M')).toBe(false);
    expect(hasChinese('（）、。')).toBe(false);
    expect(hasChinese(null)).toBe(false);
  });

  it('wraps Chinese text in a span with lang="zh-HK"', () => {
    expect(html('顧客要求退款')).toBe('<span lang="zh-HK">顧客要求退款</span>');
    expect(html('Latte 拿鐵', { className: 'text-xs' })).toBe('<span lang="zh-HK" class="text-xs">Latte 拿鐵</span>');
  });

  it('leaves other text as it is, and shows the fallback for none', () => {
    expect(html('Wrong size')).toBe('Wrong size');
    expect(html('Wrong size', { className: 'block' })).toBe('<span class="block">Wrong size</span>');
    expect(html(null, { fallback: '—' })).toBe('—');
    expect(html('')).toBe('');
  });
});
