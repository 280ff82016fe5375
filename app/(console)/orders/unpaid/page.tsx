import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { UnpaidOrdersTable } from '@/components/close/unpaid-orders-table';
import { Notice } from '@/components/ui/card';
import { getDb } from '@/db/client';
import { requireCapability } from '@/lib/auth/guard';
import { listUnpaidForClose } from '@/lib/close/list-unpaid';
import { closeMinAgeMinutes } from '@/lib/close/policy';

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** Abandoned unpaid QR orders in the caller's stores, to close one or many (supervisors, admins). */
export default async function UnpaidOrdersPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requireCapability('orders.close');
  const t = await getTranslations('close');
  const params = await searchParams;
  const includeYounger = first(params.younger) === '1';
  const cursor = first(params.after) ?? null;
  const minAgeMinutes = closeMinAgeMinutes();
  const now = new Date();

  const page = await listUnpaidForClose(await getDb(), actor.scope, { now, minAgeMinutes, includeYounger, cursor });
  const younger = includeYounger ? '&younger=1' : '';

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="max-w-3xl space-y-1">
          <h1 className="text-xl font-semibold">{t('title')}</h1>
          <p className="text-sm text-slate-600">{t('intro', { minutes: minAgeMinutes })}</p>
        </div>
        <div className="flex flex-col items-end gap-1 text-sm">
          <span className="rounded-md bg-slate-100 px-2 py-1 font-medium text-slate-700" data-testid="close-threshold">
            {t('threshold', { minutes: minAgeMinutes })}
          </span>
          <Link
            href={includeYounger ? '/orders/unpaid' : '/orders/unpaid?younger=1'}
            className="text-brand-700 underline"
          >
            {includeYounger ? t('hideYounger') : t('includeYounger')}
          </Link>
        </div>
      </div>
      {includeYounger ? <Notice tone="info">{t('showingYounger')}</Notice> : null}
      {page.rows.length === 0 ? (
        <Notice tone="info">{includeYounger ? t('emptyWithYounger') : t('empty')}</Notice>
      ) : (
        <UnpaidOrdersTable rows={page.rows} now={now.toISOString()} />
      )}
      <nav className="flex gap-4 text-sm" aria-label="Pages">
        {cursor ? (
          <Link href={`/orders/unpaid${includeYounger ? '?younger=1' : ''}`} className="text-brand-700 underline">
            {t('firstPage')}
          </Link>
        ) : null}
        {page.nextCursor ? (
          <Link
            href={`/orders/unpaid?after=${encodeURIComponent(page.nextCursor)}${younger}`}
            className="text-brand-700 underline"
          >
            {t('nextPage')}
          </Link>
        ) : null}
      </nav>
    </div>
  );
}
