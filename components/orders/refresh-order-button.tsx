'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { WaitingForGateway } from '@/components/ui/waiting-for-gateway';
import { refreshOrderAction } from '@/lib/actions/intake';
import { useActionResult } from '@/components/forms/action-result';
import { labels } from '@/lib/i18n/labels';

/** "Refresh from eftPay": asks eftPay's Query now instead of waiting for the reconciler. */
export function RefreshOrderButton({ orderId }: { orderId: string }) {
  const t = useTranslations('orders');
  const tr = useTranslations();
  const readResult = useActionResult();
  const router = useRouter();
  const [isPending, startTransition] = useTransition();
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string }>();

  function refresh() {
    setOutcome(undefined);
    startTransition(async () => {
      const result = await refreshOrderAction({ orderId });
      const read = readResult(result);
      if (read.ok) {
        setOutcome({ ok: true, text: t('refresh.done', { status: labels(tr).orderStatus(read.data.status) }) });
        router.refresh();
      } else {
        setOutcome({ ok: false, text: read.text ?? t('refresh.failed') });
      }
    });
  }

  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex items-center gap-3">
        {outcome ? (
          <span
            role="status"
            data-testid="refresh-outcome"
            className={outcome.ok ? 'text-sm text-emerald-800' : 'text-sm text-red-700'}
          >
            {outcome.text}
          </span>
        ) : null}
        <Button type="button" variant="secondary" onClick={refresh} disabled={isPending}>
          {isPending ? t('refresh.pending') : t('refresh.button')}
        </Button>
      </div>
      <WaitingForGateway pending={isPending} subject="query" className="max-w-xs text-right" />
    </div>
  );
}
