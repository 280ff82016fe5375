import { getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { z } from 'zod';
import { KeysetResults } from '@/components/finance/keyset-results';
import { ListPage } from '@/components/finance/list-page';
import { RefundDailyChart } from '@/components/finance/refund-daily-chart';
import { RefundFilters } from '@/components/finance/refund-filters';
import { RefundTable } from '@/components/finance/refund-table';
import { RefundTotals } from '@/components/finance/refund-totals';
import { TotalsNeedDates } from '@/components/finance/totals-need-dates';
import { Card } from '@/components/ui/card';
import { getDb } from '@/db/client';
import { requireCapability } from '@/lib/auth/guard';
import { getRefundFilterOptions } from '@/lib/finance/filter-options';
import { listRefunds } from '@/lib/finance/list-refunds';
import { financePresetRanges } from '@/lib/finance/presets';
import { getRefundDaily } from '@/lib/finance/refund-daily';
import { aggregatesAnswer, EXACT_MAX_DAYS } from '@/lib/finance/refund-days';
import { RefundFilterInput, refundFilterParams } from '@/lib/finance/refund-filter';
import { getRefundTotals } from '@/lib/finance/refund-totals';
import { searchParamsRecord } from '@/lib/finance/url-params';
import { hrefWith } from '@/lib/shared/href';
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
  const presets = financePresetRanges();

  const listPage = (exportHref: string | null, results?: ReactNode) => (
    <ListPage
      words={t}
      filters={
        <RefundFilters
          key={stateKey}
          values={raw}
          options={options}
          presets={presets}
          fieldErrors={parsed.success ? {} : fieldErrorsOf(parsed.error)}
        />
      }
      exportHref={exportHref}
      exportTestId="refunds-export"
    >
      {results}
    </ListPage>
  );

  if (!parsed.success) return listPage(null);

  const filter = parsed.data;
  const params = refundFilterParams(filter);
  const after = Cursor.safeParse(raw.after).data;
  const before = after ? undefined : Cursor.safeParse(raw.before).data;
  // An amount range without a short date range: the list and the export, but no totals or chart
  // (they would count every refund of the history; lib/finance/refund-days.ts).
  const aggregates = aggregatesAnswer(filter);
  // Three independent reads: on PostgreSQL they run side by side on pooled connections.
  const [page, totals, days] = await Promise.all([
    listRefunds(db, actor.scope, filter, { after, before }),
    aggregates ? getRefundTotals(db, actor.scope, filter) : null,
    aggregates ? getRefundDaily(db, actor.scope, filter) : null,
  ]);
  return listPage(
    hrefWith('/api/exports/refunds', params),
    <>
      {totals && days ? (
        <>
          <RefundTotals totals={totals} />
          <Card className="space-y-2">
            <h2 className="font-semibold">{t('chart.heading')}</h2>
            <RefundDailyChart days={days} basis={filter.basis} />
          </Card>
        </>
      ) : (
        <TotalsNeedDates
          days={EXACT_MAX_DAYS}
          ranges={(['thisMonth', 'lastMonth', 'last30'] as const).map((preset) => ({
            preset,
            href: hrefWith('/refunds', { ...params, ...presets[preset] }),
          }))}
        />
      )}
      <KeysetResults
        path="/refunds"
        params={params}
        page={page}
        cursor={{ after, before }}
        words={t}
        summary={t('pager.shown', { count: page.rows.length })}
        emptyTestId="refunds-empty"
      >
        <RefundTable rows={page.rows} />
      </KeysetResults>
    </>,
  );
}
