import { getTranslations } from 'next-intl/server';

/**
 * The shared route loading state: shown at once while a console page renders on the server, so a
 * slow connection shows progress rather than a blank screen that invites a second tap.
 */
export async function PageLoading() {
  const t = await getTranslations('common');
  return (
    <div role="status" aria-live="polite" className="flex items-center gap-3 py-10 text-sm text-slate-600">
      <span
        aria-hidden="true"
        className="size-5 animate-spin rounded-full border-2 border-slate-300 border-t-slate-700 motion-reduce:animate-none"
      />
      <span>{t('loading')}</span>
    </div>
  );
}
