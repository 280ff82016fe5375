'use client';

import { signOut } from 'next-auth/react';
import { useLocale } from 'next-intl';
import { Button } from '@/components/ui/button';
import { rememberLocaleInBrowser } from '@/lib/i18n/browser-locale';

export function SignOutButton({ label }: { label: string }) {
  // The page speaks the account's language: the browser keeps it, so sign-in speaks it next time.
  const locale = useLocale();
  const leave = () => {
    rememberLocaleInBrowser(locale);
    return signOut({ callbackUrl: '/login' });
  };
  return (
    <Button variant="ghost" size="sm" onClick={leave}>
      {label}
    </Button>
  );
}
