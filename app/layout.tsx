import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { NextIntlClientProvider } from 'next-intl';
import { getLocale, getMessages, getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import './globals.css';
import { Providers } from './providers';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('common');
  return { title: t('appName') };
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The Content-Security-Policy (proxy.ts) admits scripts by a per-request nonce, which Next puts on
  // its own scripts while rendering. Reading the request's headers renders every page per request:
  // a page prerendered at build time would carry no nonce, and its scripts would be blocked.
  await headers();
  const [locale, messages] = await Promise.all([getLocale(), getMessages()]);
  return (
    <html lang={locale}>
      <body>
        <NextIntlClientProvider messages={messages}>
          <Providers>{children}</Providers>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
