import { getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { KeysetPager } from '@/components/finance/keyset-pager';
import { RefundDailyChart } from '@/components/finance/refund-daily-chart';
import { RefundFilters } from '@/components/finance/refund-filters';
import { RefundTable } from '@/components/finance/refund-table';
import { RefundTotals } from '@/components/finance/refund-totals';
import { Button } from '@/components/ui/button';
import { Card, Notice } from '@/components/ui/card';
import { getDb } from '@/db/client';
import { requireCapability } from '@/lib/auth/guard';
import { getRefundFilterOptions } from '@/lib/finance/filter-options';
import { listRefunds } from '@/lib/finance/list-refunds';
import { financePresetRanges, hrefWith } from '@/lib/finance/presets';
import { getRefundDaily } from '@/lib/finance/refund-daily';
import { RefundFilterInput, refundFilterParams } from '@/lib/finance/refund-filter';
import { getRefundTotals } from '@/lib/finance/refund-totals';
import { searchParamsRecord } from '@/lib/finance/url-params';
import { fieldErrorsOf } from '@/lib/validation';

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const Cursor = z.uuid();

/** Refund history (finance: every store; managers and supervisors: their own). Read-only. */
export default async function RefundsPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requireCapability('refunds.history');
  const raw = searchParamsRecord(await searchParams);
  const parsed = RefundFilterInput.safeParse(raw);
  const db = await getDb();
  const options = await getRefundFilterOptions(db, actor.scope);
  const t = await getTranslations('finance');
  const stateKey = JSON.stringify(raw);

  const header = (exportHref: string | null) => (
    <div className="flex flex-wrap items-start justify-between gap-3">
      <div>
        <h1 className="text-xl font-semibold">{t('title')}</h1>
        <p className="text-sm text-slate-600" data-testid="time-zone-note">
          {t('timeZoneNote')}
        </p>
      </div>
      {exportHref ? (
        <div className="text-right">
          <Button asChild variant="secondary">
            <a href={exportHref} download data-testid="refunds-export">
              {t('export')}
            </a>
          </Button>
          <p className="mt-1 max-w-64 text-xs text-slate-500">{t('exportHint')}</p>
        </div>
      ) : null}
    </div>
  );
  const filters = (
    <Card>
      <RefundFilters
        key={stateKey}
        values={raw}
        options={options}
        presets={financePresetRanges()}
        fieldErrors={parsed.success ? {} : fieldErrorsOf(parsed.error)}
      />
    </Card>
  );

  if (!parsed.success) {
    return (
      <div className="space-y-5">
        {header(null)}
        {filters}
        <Notice tone="warning">{t('invalidFilters')}</Notice>
      </div>
    );
  }

  const filter = parsed.data;
  const params = refundFilterParams(filter);
  const after = Cursor.safeParse(raw.after).data;
  const before = after ? undefined : Cursor.safeParse(raw.before).data;
  // Three independent reads: on PostgreSQL they run side by side on pooled connections.
  const [page, totals, days] = await Promise.all([
    listRefunds(db, actor.scope, filter, { after, before }),
    getRefundTotals(db, actor.scope, filter),
    getRefundDaily(db, actor.scope, filter),
  ]);
  const onFirstPage = !after && (!before || page.newerCursor === null);

  return (
    <div className="space-y-5">
      {header(hrefWith('/api/exports/refunds', params))}
      {filters}
      <RefundTotals totals={totals} />
      <Card className="space-y-2">
        <h2 className="font-semibold">{t('chart.heading')}</h2>
        <RefundDailyChart days={days} basis={filter.basis} />
      </Card>
      <section aria-live="polite">
        {page.rows.length === 0 ? (
          <div
            className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center"
            data-testid="refunds-empty"
          >
            <p className="font-medium">{t('table.empty')}</p>
            <p className="mt-1 text-sm text-slate-600">{t('table.emptyHint')}</p>
          </div>
        ) : (
          <RefundTable rows={page.rows} />
        )}
        <KeysetPager
          summary={t('pager.shown', { count: page.rows.length })}
          newestHref={onFirstPage ? null : hrefWith('/refunds', params)}
          newerHref={page.newerCursor ? hrefWith('/refunds', { ...params, before: page.newerCursor }) : null}
          olderHref={page.olderCursor ? hrefWith('/refunds', { ...params, after: page.olderCursor }) : null}
          labels={{
            nav: t('pager.label'),
            newest: t('pager.newest'),
            newer: t('pager.newer'),
            older: t('pager.older'),
          }}
        />
      </section>
    </div>
  );
}
