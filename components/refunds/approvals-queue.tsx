'use client';

import Link from 'next/link';
import { useLocale, useTranslations } from 'next-intl';
import { useCallback, useEffect, useState } from 'react';
import { Card, Notice } from '@/components/ui/card';
import { DataTable, stackCell } from '@/components/ui/data-table';
import { LangText } from '@/components/ui/lang-text';
import { formatAge, formatMoney } from '@/lib/format';
import { labels } from '@/lib/i18n/labels';
import type { ApprovalRequest } from '@/lib/refunds/list-requests';
import { ApprovalActions, type ApprovalOutcome } from './approvals-actions';

const COLUMNS = ['order', 'amount', 'reason', 'note', 'requestedBy', 'waiting', 'decision'] as const;
type Column = (typeof COLUMNS)[number];
const SLOTS: Partial<Record<Column, Parameters<typeof stackCell>[1]>> = {
  order: 'title',
  amount: 'amount',
  reason: 'status',
  waiting: 'time',
  decision: 'actions',
};

/** The ages move on by themselves; once every half minute is enough for "3 min". */
const TICK_MS = 30_000;
/** The latest decisions stay on screen after their rows have left the queue. */
const OUTCOMES_SHOWN = 5;

interface Shown {
  id: number;
  request: ApprovalRequest;
  outcome: ApprovalOutcome;
}

/**
 * The approval queue (docs/adr/0014): one row per request, oldest first, with what the approver
 * needs to decide — the order, the amount of what was paid, why, who asked and how long ago, when it
 * lapses — and Approve / Reject; the viewer's own requests offer Withdraw instead. A decision's
 * outcome is kept here, above the list, while the page refreshes and its row leaves the queue.
 */
export function ApprovalsQueue({ requests, limit }: { requests: readonly ApprovalRequest[]; limit: number }) {
  const t = useTranslations('refunds.approvals');
  const label = labels(useTranslations());
  const locale = useLocale();
  const [now, setNow] = useState(() => new Date());
  const [shown, setShown] = useState<Shown[]>([]);
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), TICK_MS);
    return () => clearInterval(timer);
  }, []);
  const record = useCallback((request: ApprovalRequest, outcome: ApprovalOutcome) => {
    setShown((list) => [{ id: Date.now() + Math.random(), request, outcome }, ...list].slice(0, OUTCOMES_SHOWN));
  }, []);

  const money = (cents: number, currency: string) => formatMoney(cents, currency, locale);
  const cell = (key: Column) => stackCell(t(`columns.${key}`), SLOTS[key] ?? 'detail');
  // The first request the viewer may decide carries the page's main action.
  const primary = requests.find((r) => !r.mine)?.refundId;

  return (
    <div className="space-y-3" data-testid="approvals-list">
      {shown.map(({ id, request, outcome }) => (
        <OutcomeNotice key={id} request={request} outcome={outcome} />
      ))}
      {requests.length === 0 ? (
        <Card data-testid="approvals-empty">
          <p className="text-sm font-medium text-slate-800">{t('empty')}</p>
          <p className="mt-1 text-sm text-slate-600">{t('emptyHint')}</p>
        </Card>
      ) : (
        <>
          <DataTable
            caption={t('caption')}
            columns={COLUMNS.map((key) => ({ key, label: t(`columns.${key}`), numeric: key === 'amount' }))}
            headingClassName="px-3 py-2 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase"
            className="min-w-full text-sm"
            testId="approvals-table"
          >
            <tbody>
              {requests.map((r) => (
                <tr
                  key={r.refundId}
                  className="border-t border-slate-100 align-top"
                  data-testid="approval-row"
                  data-refund-id={r.refundId}
                  data-mine={r.mine ? '' : undefined}
                >
                  <td {...cell('order')} className="px-3 py-2">
                    <Link href={`/orders/${r.order.id}`} className="font-mono text-brand-700 underline">
                      {r.order.outTradeNo}
                    </Link>
                    {r.order.storeName ? (
                      <div className="text-xs text-slate-600">
                        <LangText>{r.order.storeName}</LangText>
                      </div>
                    ) : null}
                  </td>
                  <td {...cell('amount')} className="px-3 py-2 text-right tabular-nums">
                    <div className="font-semibold whitespace-nowrap">{money(r.amountCents, r.order.currency)}</div>
                    <div className="text-xs font-normal text-slate-600">
                      {t('paidOf', { paid: money(r.order.amountCents, r.order.currency) })}
                    </div>
                    {r.approvalThresholdCents !== null ? (
                      <div className="text-xs font-normal text-slate-500">
                        {t('threshold', { threshold: money(r.approvalThresholdCents, r.order.currency) })}
                      </div>
                    ) : null}
                  </td>
                  <td {...cell('reason')} className="px-3 py-2">
                    <span className="inline-block rounded bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-800">
                      {label.refundReason(r.reason)}
                    </span>
                  </td>
                  <td {...cell('note')} className="px-3 py-2 break-words lg:max-w-72">
                    {r.note ? <LangText>{r.note}</LangText> : null}
                  </td>
                  <td {...cell('requestedBy')} className="px-3 py-2">
                    <LangText fallback={t('someone')}>{r.requestedByName}</LangText>
                  </td>
                  {/* Worked out from the browser's clock too: a minute may pass between render and hydration. */}
                  <td {...cell('waiting')} className="px-3 py-2" suppressHydrationWarning>
                    <div>{t('requestedAgo', { age: formatAge(r.requestedAt, now, locale) })}</div>
                    <div className="text-xs text-slate-600">
                      {t('expiresIn', { time: formatAge(now, new Date(r.expiresAt), locale) })}
                    </div>
                  </td>
                  <td {...cell('decision')} className="px-3 py-2">
                    <ApprovalActions request={r} primary={r.refundId === primary} onOutcome={record} />
                  </td>
                </tr>
              ))}
            </tbody>
          </DataTable>
          {requests.length >= limit ? (
            <p className="text-sm text-slate-600">{t('truncated', { count: requests.length })}</p>
          ) : null}
        </>
      )}
    </div>
  );
}

function OutcomeNotice({ request, outcome }: { request: ApprovalRequest; outcome: ApprovalOutcome }) {
  const t = useTranslations('refunds.approvals.outcome');
  const label = labels(useTranslations());
  const locale = useLocale();
  const values = {
    amount: formatMoney(request.amountCents, request.order.currency, locale),
    order: request.order.outTradeNo,
  };
  const text =
    outcome.kind === 'approved'
      ? t('approved', { ...values, status: outcome.status, wallet: label.wallet(request.order.wallet) })
      : outcome.kind === 'refused'
        ? t('refused', { order: values.order, message: outcome.message })
        : t(outcome.kind, values);
  const tone =
    outcome.kind === 'refused' || (outcome.kind === 'approved' && outcome.status === 'failed')
      ? 'error'
      : outcome.kind === 'approved' && outcome.status === 'unknown'
        ? 'warning'
        : 'success';
  return (
    <Notice
      tone={tone}
      data-testid="approval-outcome"
      data-kind={outcome.kind}
      data-status={outcome.kind === 'approved' ? outcome.status : undefined}
      className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1"
    >
      <p>{text}</p>
      <Link href={`/orders/${request.order.id}`} className="font-medium underline">
        {t('openOrder', { order: values.order })}
      </Link>
    </Notice>
  );
}
