'use client';

import { useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';
import { Notice } from '@/components/ui/card';
import { cn } from '@/components/ui/cn';
import { formatMoney } from '@/lib/format';
import type { LiveRefundState, LiveRefundStatus } from '@/lib/refunds/live-status';
import { labels } from '@/lib/i18n/labels';

/** How often the page asks while a refund is not final. */
export const POLL_INTERVAL_MS = 3_000;

class SignedOutError extends Error {}

async function fetchStatus(orderId: string): Promise<LiveRefundStatus> {
  const response = await fetch(`/api/orders/${encodeURIComponent(orderId)}/refunds`, {
    cache: 'no-store',
    headers: { Accept: 'application/json' },
  });
  // Without a session the proxy sends the request to sign-in; with an ended one the route says 401.
  if (response.status === 401 || response.redirected) throw new SignedOutError();
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return (await response.json()) as LiveRefundStatus;
}

/**
 * While the order has refunds requested, processing or unknown, asks the console every 3 s how
 * they stand and stops once all are final. When a status changes, refreshes the server-rendered
 * page (amounts, refund list, timeline).
 */
export function useLiveRefunds(orderId: string, watching: boolean) {
  const router = useRouter();
  const query = useQuery({
    queryKey: ['order-refunds', orderId],
    queryFn: () => fetchStatus(orderId),
    enabled: watching,
    retry: (failures, error) => !(error instanceof SignedOutError) && failures < 2,
    refetchInterval: (q) => {
      if (q.state.error instanceof SignedOutError) return false;
      return q.state.data && !q.state.data.open ? false : POLL_INTERVAL_MS;
    },
    refetchOnWindowFocus: false,
  });

  const signature = query.data?.refunds.map((r) => `${r.id}:${r.status}`).join(',');
  const previous = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (signature === undefined) return;
    if (previous.current !== undefined && previous.current !== signature) router.refresh();
    previous.current = signature;
  }, [signature, router]);

  return query;
}

/** The refunds this page has watched, with their live status. */
export function RefundLiveStatus({ query, currency }: { query: ReturnType<typeof useLiveRefunds>; currency: string }) {
  const t = useTranslations('refunds.live');
  const label = labels(useTranslations());
  const locale = useLocale();
  // Refunds seen in flight during this visit stay listed after they settle, so the change shows.
  const [watched, setWatched] = useState<ReadonlySet<string>>(new Set());
  const data = query.data;
  useEffect(() => {
    if (!data) return;
    const open = data.refunds.filter((r) => r.status !== 'succeeded' && r.status !== 'failed').map((r) => r.id);
    if (open.some((id) => !watched.has(id))) setWatched((w) => new Set([...w, ...open]));
  }, [data, watched]);

  if (query.error instanceof SignedOutError) return <Notice tone="warning">{t('signedOut')}</Notice>;
  const shown = data?.refunds.filter((r) => watched.has(r.id)) ?? [];
  if (shown.length === 0) {
    return query.isFetching && !data ? <p className="text-sm text-slate-500">{t('checking')}</p> : null;
  }
  return (
    <section aria-labelledby="refund-live-title" className="space-y-2" data-testid="refund-live-status">
      <h3 id="refund-live-title" className="text-sm font-semibold text-slate-700">
        {t('title')}
      </h3>
      {query.isError ? <p className="text-xs text-amber-800">{t('unavailable')}</p> : null}
      <ul className="divide-y divide-slate-100 rounded-md border border-slate-200 text-sm">
        {shown.map((refund) => (
          <li
            key={refund.id}
            className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2"
            data-refund-no={refund.refundNo}
            data-status={refund.status}
          >
            <span className="font-mono text-xs text-slate-600">{refund.refundNo}</span>
            <span className="tabular-nums">{formatMoney(refund.amountCents, currency, locale)}</span>
            <LiveBadge status={refund.status} />
            <span className="text-slate-700">
              {label.refundStatus(refund.status)}
              {refund.status === 'failed' && refund.gatewayMessage ? `: ${refund.gatewayMessage}` : ''}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

const TONES: Record<LiveRefundState, string> = {
  requested: 'bg-amber-400',
  processing: 'bg-amber-400 animate-pulse',
  unknown: 'bg-orange-500 animate-pulse',
  succeeded: 'bg-emerald-500',
  failed: 'bg-red-500',
};

function LiveBadge({ status }: { status: LiveRefundState }) {
  return <span aria-hidden className={cn('inline-block h-2 w-2 rounded-full', TONES[status])} />;
}
