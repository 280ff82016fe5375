'use client';

import { useLocale } from 'next-intl';
import { Button } from '@/components/ui/button';
import { rememberLocaleInBrowser } from '@/lib/i18n/browser-locale';

export function SignOutButton({ label }: { label: string }) {
  // The page speaks the account's language: the browser keeps it, so sign-in speaks it next time.
  const locale = useLocale();
  const leave = async () => {
    rememberLocaleInBrowser(locale);
    // next-auth's browser client is loaded on the click: it is the largest part of the console's
    // own JavaScript, and every page would otherwise load it for this one button.
    const { signOut } = await import('next-auth/react');
    return signOut({ callbackUrl: '/login' });
  };
  return (
    <Button variant="ghost" size="sm" onClick={leave}>
      {label}
    </Button>
  );
}
