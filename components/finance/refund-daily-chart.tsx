'use client';

import dynamic from 'next/dynamic';
import { useTranslations } from 'next-intl';
import type { RefundDay } from '@/lib/finance/refund-daily';

/** Loaded once the page is there (recharts is most of this page's JavaScript); the box keeps its height. */
const RefundDailyBars = dynamic(() => import('./refund-daily-bars'), {
  ssr: false,
  loading: () => <div className="h-full w-full animate-pulse rounded bg-slate-100" data-testid="chart-loading" />,
});

/**
 * Refund amounts per Hong Kong day, stacked by outcome, so a trend is seen rather than read.
 * Values are integer cents throughout; they become text only in the axis and the tooltip.
 */
export function RefundDailyChart({ days, basis }: { days: RefundDay[]; basis: 'requested' | 'completed' }) {
  const t = useTranslations('finance.chart');
  const caption = basis === 'completed' ? t('captionCompleted') : t('captionRequested');
  return (
    <figure className="space-y-2" data-testid="refund-daily-chart">
      {days.length === 0 ? (
        <p className="py-16 text-center text-sm text-slate-500">{t('empty')}</p>
      ) : (
        <div className="h-64 w-full" role="img" aria-label={`${t('heading')}. ${caption}`}>
          <RefundDailyBars days={days} />
        </div>
      )}
      <figcaption className="text-xs text-slate-500">{caption}</figcaption>
    </figure>
  );
}
