import { getTranslations } from 'next-intl/server';
import { LoginForm } from '@/components/auth/login-form';
import { LanguageSwitch } from '@/components/shell/language-switch';
import { Card } from '@/components/ui/card';
import { getCurrentActor } from '@/lib/auth/current';

export const dynamic = 'force-dynamic';

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  const t = await getTranslations();
  // Someone still signed in changes their account's language here too (it would outrank a cookie).
  const signedIn = (await getCurrentActor()) !== null;
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <Card className="w-full max-w-sm">
        <div className="flex items-start justify-between gap-3">
          <p className="text-xs font-semibold uppercase tracking-wide text-brand-600">{t('common.appName')}</p>
          <LanguageSwitch account={signedIn} />
        </div>
        <h1 className="mt-1 text-2xl font-semibold">{t('auth.title')}</h1>
        <p className="mb-6 text-sm text-slate-600">{t('auth.subtitle')}</p>
        <LoginForm callbackUrl={callbackUrl} />
      </Card>
    </main>
  );
}
