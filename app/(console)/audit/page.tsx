import { getTranslations } from 'next-intl/server';
import { AuditFilters } from '@/components/audit/audit-filters';
import { AuditTable } from '@/components/audit/audit-table';
import { KeysetResults } from '@/components/finance/keyset-results';
import { ListPage } from '@/components/finance/list-page';
import { getDb } from '@/db/client';
import { AuditCursor, AuditFilterInput, auditFilterParams } from '@/lib/audit/audit-filter';
import { getAuditFilterOptions } from '@/lib/audit/filter-options';
import { listAudit } from '@/lib/audit/list-audit';
import { requireCapability } from '@/lib/auth/guard';
import { financePresetRanges } from '@/lib/finance/presets';
import { searchParamsRecord } from '@/lib/finance/url-params';
import { hrefWith } from '@/lib/shared/href';
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

  const filters = (
    <AuditFilters
      key={JSON.stringify(raw)}
      values={raw}
      options={options}
      presets={financePresetRanges()}
      fieldErrors={parsed.success ? {} : fieldErrorsOf(parsed.error)}
    />
  );
  if (!parsed.success) return <ListPage words={t} filters={filters} exportHref={null} exportTestId="audit-export" />;

  const params = auditFilterParams(parsed.data);
  const after = AuditCursor.safeParse(raw.after).data;
  const before = after ? undefined : AuditCursor.safeParse(raw.before).data;
  const page = await listAudit(db, actor.scope, parsed.data, { after, before });

  return (
    <ListPage
      words={t}
      filters={filters}
      exportHref={hrefWith('/api/exports/audit', params)}
      exportTestId="audit-export"
    >
      <KeysetResults
        path="/audit"
        params={params}
        page={page}
        cursor={{ after, before }}
        words={t}
        summary={t('pager.shown', { count: page.rows.length })}
      >
        <AuditTable rows={page.rows} />
      </KeysetResults>
    </ListPage>
  );
}
