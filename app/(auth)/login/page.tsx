import { getTranslations } from 'next-intl/server';
import { LoginForm } from '@/components/auth/login-form';
import { Card } from '@/components/ui/card';

export const dynamic = 'force-dynamic';

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  const t = await getTranslations();
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <Card className="w-full max-w-sm">
        <p className="text-xs font-semibold uppercase tracking-wide text-brand-600">{t('common.appName')}</p>
        <h1 className="mt-1 text-2xl font-semibold">{t('auth.title')}</h1>
        <p className="mb-6 text-sm text-slate-600">{t('auth.subtitle')}</p>
        <LoginForm callbackUrl={callbackUrl} />
      </Card>
    </main>
  );
}
