import { getTranslations } from 'next-intl/server';
import { AuditFilters } from '@/components/audit/audit-filters';
import { AuditTable } from '@/components/audit/audit-table';
import { KeysetPager } from '@/components/finance/keyset-pager';
import { Button } from '@/components/ui/button';
import { Card, Notice } from '@/components/ui/card';
import { getDb } from '@/db/client';
import { AuditCursor, AuditFilterInput, auditFilterParams } from '@/lib/audit/audit-filter';
import { getAuditFilterOptions } from '@/lib/audit/filter-options';
import { listAudit } from '@/lib/audit/list-audit';
import { requireCapability } from '@/lib/auth/guard';
import { financePresetRanges, hrefWith } from '@/lib/finance/presets';
import { searchParamsRecord } from '@/lib/finance/url-params';
import { fieldErrorsOf } from '@/lib/validation';

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** The audit log (admin and finance): who did what, when, from where. Read-only. */
export default async function AuditPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requireCapability('audit.view');
  const raw = searchParamsRecord(await searchParams);
  const parsed = AuditFilterInput.safeParse(raw);
  const db = await getDb();
  const options = await getAuditFilterOptions(db, actor.scope);
  const t = await getTranslations('audit');

  const header = (exportHref: string | null) => (
    <div className="flex flex-wrap items-start justify-between gap-3">
      <div>
        <h1 className="text-xl font-semibold">{t('title')}</h1>
        <p className="text-sm text-slate-600">{t('timeZoneNote')}</p>
      </div>
      {exportHref ? (
        <div className="text-right">
          <Button asChild variant="secondary">
            <a href={exportHref} download data-testid="audit-export">
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
      <AuditFilters
        key={JSON.stringify(raw)}
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

  const params = auditFilterParams(parsed.data);
  const after = AuditCursor.safeParse(raw.after).data;
  const before = after ? undefined : AuditCursor.safeParse(raw.before).data;
  const page = await listAudit(db, actor.scope, parsed.data, { after, before });
  const onFirstPage = !after && (!before || page.newerCursor === null);

  return (
    <div className="space-y-5">
      {header(hrefWith('/api/exports/audit', params))}
      {filters}
      <section aria-live="polite">
        {page.rows.length === 0 ? (
          <div className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center">
            <p className="font-medium">{t('table.empty')}</p>
            <p className="mt-1 text-sm text-slate-600">{t('table.emptyHint')}</p>
          </div>
        ) : (
          <AuditTable rows={page.rows} />
        )}
        <KeysetPager
          summary={t('pager.shown', { count: page.rows.length })}
          newestHref={onFirstPage ? null : hrefWith('/audit', params)}
          newerHref={page.newerCursor ? hrefWith('/audit', { ...params, before: page.newerCursor }) : null}
          olderHref={page.olderCursor ? hrefWith('/audit', { ...params, after: page.olderCursor }) : null}
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
