import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { DiscrepancyTable } from '@/components/discrepancies/discrepancy-table';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { getDb } from '@/db/client';
import { requireCapability } from '@/lib/auth/guard';
import { listDiscrepancies } from '@/lib/discrepancies/list';

const AUDIT_HREF = '/audit?action=gateway.discrepancy_detected';

/**
 * Discrepancies with eftPay (admins and finance): signed messages that disagreed with our records
 * and changed nothing (docs/adr/0011). Open ones first, each with "Mark resolved" and a note.
 */
export default async function DiscrepanciesPage() {
  await requireCapability('discrepancies.resolve');
  const t = await getTranslations('gateway.discrepancies');
  const { open, resolved } = await listDiscrepancies(await getDb());
  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold">{t('title')}</h1>
          <p className="text-sm text-slate-600">{t('subtitle')}</p>
          <p className="text-xs text-slate-500">{t('timeZoneNote')}</p>
        </div>
        <Button asChild variant="secondary">
          {/* With nothing open, reading the record is what is left to do. */}
          <Link href={AUDIT_HREF} data-primary-action={open.length === 0 ? '' : undefined}>
            {t('inAuditLog')}
          </Link>
        </Button>
      </div>
      <section className="space-y-2" aria-labelledby="discrepancies-open-heading">
        <h2 id="discrepancies-open-heading" className="text-base font-semibold">
          {t('openHeading', { count: open.length })}
        </h2>
        {open.length > 0 ? (
          <DiscrepancyTable rows={open} open primaryFirst />
        ) : (
          <Card data-testid="discrepancies-none">
            <p className="text-sm text-slate-600">{t('none')}</p>
          </Card>
        )}
      </section>
      {resolved.length > 0 ? (
        <section className="space-y-2" aria-labelledby="discrepancies-resolved-heading">
          <h2 id="discrepancies-resolved-heading" className="text-base font-semibold">
            {t('resolvedHeading')}
          </h2>
          <DiscrepancyTable rows={resolved} open={false} />
        </section>
      ) : null}
    </div>
  );
}
