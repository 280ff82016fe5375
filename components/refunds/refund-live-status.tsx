'use client';

import { useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';
import { Notice } from '@/components/ui/card';
import { cn } from '@/components/ui/cn';
import { formatMoney } from '@/lib/format';
import type { LiveRefundState, LiveRefundStatus } from '@/lib/refunds/live-status';
import { decideLiveSync, type RefundSnapshot } from './live-sync';
import { labels } from '@/lib/i18n/labels';
import { refundInFlight } from '@/lib/shared/statuses';

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
 * Follows the order's refunds while the page shows one in flight (or one was just submitted):
 * asks the console every 3 s and refreshes the server-rendered page (amounts, refund list,
 * timeline) whenever an answer differs from what the page shows. Stops once an answer shows
 * nothing in flight and the page shows that same answer (see live-sync).
 */
export function useLiveRefunds(orderId: string, rendered: RefundSnapshot, submitted: boolean) {
  const router = useRouter();
  const refreshedFor = useRef<number | undefined>(undefined);
  // Once started, the poll answers decide when to stop (a refresh may render nothing in flight first).
  const started = useRef(false);
  if (decideLiveSync({ rendered, submitted }).poll) started.current = true;
  const query = useQuery({
    queryKey: ['order-refunds', orderId],
    queryFn: () => fetchStatus(orderId),
    enabled: started.current,
    retry: (failures, error) => !(error instanceof SignedOutError) && failures < 2,
    refetchInterval: (q) => {
      if (q.state.error instanceof SignedOutError) return false;
      if (!q.state.data) return POLL_INTERVAL_MS;
      return decideLiveSync({ rendered, submitted, answer: q.state.data }).poll ? POLL_INTERVAL_MS : false;
    },
    refetchOnWindowFocus: false,
  });

  const decision = decideLiveSync({
    rendered,
    submitted,
    answer: query.data,
    answerToken: query.dataUpdatedAt,
    refreshedFor: refreshedFor.current,
  });
  useEffect(() => {
    if (!decision.refresh) return;
    refreshedFor.current = query.dataUpdatedAt;
    router.refresh();
  }, [decision.refresh, query.dataUpdatedAt, router]);

  return query;
}

/** The refunds this page has watched, with their live status. */
export function RefundLiveStatus({
  query,
  currency,
  rendered,
}: {
  query: ReturnType<typeof useLiveRefunds>;
  currency: string;
  rendered: RefundSnapshot;
}) {
  const t = useTranslations('refunds.live');
  const label = labels(useTranslations());
  const locale = useLocale();
  // Refunds seen in flight during this visit (in a poll answer or on the rendered page) stay listed
  // after they settle, so the change shows even when it happened before the first answer.
  const [watched, setWatched] = useState<ReadonlySet<string>>(new Set());
  const data = query.data;
  useEffect(() => {
    const open = [...(data?.refunds ?? []), ...rendered.refunds]
      .filter((r) => refundInFlight(r.status))
      .map((r) => r.id);
    if (open.some((id) => !watched.has(id))) setWatched((w) => new Set([...w, ...open]));
  }, [data, rendered, watched]);

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
  pending_approval: 'bg-violet-500',
  rejected: 'bg-slate-400',
  cancelled: 'bg-slate-400',
  expired: 'bg-slate-400',
};

function LiveBadge({ status }: { status: LiveRefundState }) {
  return <span aria-hidden className={cn('inline-block h-2 w-2 rounded-full', TONES[status])} />;
}
