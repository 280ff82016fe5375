'use client';

import { useRouter } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { useState, useTransition } from 'react';
import { cn } from '@/components/ui/cn';
import { setLanguageAction } from '@/lib/actions/account';
import { rememberLocaleInBrowser } from '@/lib/i18n/browser-locale';
import { LOCALE_NAMES, LOCALES, type Locale } from '@/lib/i18n/locales';

/**
 * English / 中文. Each language is named in itself and the group in both, so that someone who reads
 * only one of them can find it. Signed in (`account`), the choice is stored on their account and
 * follows them to every browser; before sign-in it is remembered in this browser only. Either way
 * the browser remembers it too, so that the sign-in page speaks it after sign-out.
 */
export function LanguageSwitch({ account, className }: { account: boolean; className?: string }) {
  const current = useLocale();
  const t = useTranslations('common');
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [failed, setFailed] = useState(false);

  const choose = (locale: Locale) => {
    if (locale === current) return;
    setFailed(false);
    startTransition(async () => {
      if (account) {
        const result = await setLanguageAction({ locale });
        if (!result?.data) {
          setFailed(true);
          return;
        }
      }
      rememberLocaleInBrowser(locale);
      router.refresh();
    });
  };

  return (
    <div className={cn('flex items-center gap-2', className)}>
      <fieldset
        className="inline-flex overflow-hidden rounded-md border border-slate-300 text-xs"
        data-testid="language-switch"
      >
        <legend className="sr-only">Language / 語言</legend>
        {LOCALES.map((locale) => {
          const active = current === locale;
          return (
            <button
              key={locale}
              type="button"
              lang={locale}
              aria-pressed={active}
              disabled={pending}
              onClick={() => choose(locale)}
              className={cn(
                'px-2 py-1 font-medium max-lg:min-h-9 max-lg:px-3 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-brand-600 disabled:cursor-wait',
                active ? 'bg-brand-600 text-white' : 'bg-white text-slate-700 hover:bg-slate-100',
              )}
            >
              {LOCALE_NAMES[locale]}
            </button>
          );
        })}
      </fieldset>
      {failed ? (
        <span role="alert" className="text-xs text-red-700">
          {t('error')}
        </span>
      ) : null}
    </div>
  );
}
