import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { ApprovalsQueue } from '@/components/refunds/approvals-queue';
import { Button } from '@/components/ui/button';
import { getDb } from '@/db/client';
import { requireCapability } from '@/lib/auth/guard';
import { APPROVAL_QUEUE_LIMIT, listPendingApprovals } from '@/lib/refunds/list-requests';

const HISTORY_HREF = '/refunds';

/**
 * Refund requests waiting for a second person (supervisors of the order's store, administrators;
 * docs/adr/0014), oldest first. The viewer's own requests are listed too, to withdraw, never to
 * decide: the verb refuses the requester as approver whatever the page shows.
 */
export default async function ApprovalsPage() {
  const actor = await requireCapability('refunds.approve');
  const t = await getTranslations('refunds.approvals');
  const requests = await listPendingApprovals(await getDb(), actor);
  const decidable = requests.some((r) => !r.mine);
  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="max-w-3xl">
          <h1 className="text-xl font-semibold">{t('title')}</h1>
          <p className="text-sm text-slate-600">{t('subtitle')}</p>
          <p className="text-xs text-slate-500">{t('timeZoneNote')}</p>
        </div>
        <Button asChild variant="secondary">
          {/* With nothing to decide, the refund history is what is left to read. */}
          <Link href={HISTORY_HREF} data-primary-action={decidable ? undefined : ''}>
            {t('history')}
          </Link>
        </Button>
      </div>
      <ApprovalsQueue requests={requests} limit={APPROVAL_QUEUE_LIMIT} />
    </div>
  );
}
