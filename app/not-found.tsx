import Link from 'next/link';
import { getTranslations } from 'next-intl/server';

export default async function NotFound() {
  const t = await getTranslations('common');
  return (
    <main className="mx-auto max-w-lg p-10 text-center">
      <h1 className="text-2xl font-semibold">{t('notFound')}</h1>
      <p className="mt-2 text-slate-600">{t('notFoundBody')}</p>
      <Link className="mt-6 inline-block text-brand-600 underline" href="/orders">
        {t('back')}
      </Link>
    </main>
  );
}
