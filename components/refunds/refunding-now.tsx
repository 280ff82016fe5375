'use client';

import { useRouter } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { useEffect, useState, useTransition } from 'react';
import { useActionResult } from '@/components/forms/action-result';
import { Button } from '@/components/ui/button';
import { Notice } from '@/components/ui/card';
import { cancelRefundAction } from '@/lib/actions/refunds';
import { formatAge, formatMoney } from '@/lib/format';
import type { Locale } from '@/lib/i18n/locales';
import { AWAITING_APPROVAL, type RefundStatus, refundHeld } from '@/lib/shared/statuses';

export interface RefundingNowRow {
  id: string;
  amountCents: number;
  status: RefundStatus;
  requestedByName: string | null;
  requestedById: string | null;
  requestedAt: string;
}

/** The age shown beside each line moves on by itself, once a minute is enough for "3 min". */
const TICK_MS = 30_000;

/**
 * Who is refunding this order now: every refund waiting for approval, on its way to eftPay or
 * being checked, with the staff member's name and how long ago they asked — so a second person
 * does not start another. The requester may withdraw their own request while it waits.
 */
export function RefundingNow({
  refunds,
  currency,
  viewerId,
  canWithdraw,
}: {
  refunds: readonly RefundingNowRow[];
  currency: string;
  viewerId: string;
  /** The viewer may refund (and so withdraw their own request). */
  canWithdraw: boolean;
}) {
  const t = useTranslations('refunds.now');
  const locale = useLocale() as Locale;
  const router = useRouter();
  const readResult = useActionResult();
  const [now, setNow] = useState(() => new Date());
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), TICK_MS);
    return () => clearInterval(timer);
  }, []);

  const held = refunds.filter((r) => refundHeld(r.status));
  if (held.length === 0) return message ? <Notice tone={message.tone}>{message.text}</Notice> : null;

  function withdraw(refundId: string) {
    setMessage(null);
    startTransition(async () => {
      const read = readResult(await cancelRefundAction({ refundId }).catch(() => undefined));
      setMessage(read.ok ? { tone: 'success', text: t('withdrawn') } : { tone: 'error', text: read.text ?? '' });
      router.refresh();
    });
  }

  return (
    <section aria-labelledby="refunding-now-title" className="space-y-2" data-testid="refunding-now">
      <h3 id="refunding-now-title" className="text-sm font-semibold text-slate-800">
        {t('title')}
      </h3>
      <p className="text-xs text-slate-600">{t('hint')}</p>
      {message ? <Notice tone={message.tone}>{message.text}</Notice> : null}
      <ul className="divide-y divide-amber-100 rounded-md border border-amber-200 bg-amber-50 text-sm">
        {held.map((refund) => {
          const mine = refund.requestedById === viewerId;
          return (
            <li
              key={refund.id}
              className="flex flex-wrap items-center justify-between gap-2 px-3 py-2"
              data-refund-id={refund.id}
              data-status={refund.status}
            >
              {/* The age is worked out from the browser's clock too: a minute may pass between render and hydration. */}
              <span className="text-slate-800" suppressHydrationWarning>
                {t('line', {
                  name: mine ? t('you') : (refund.requestedByName ?? t('someone')),
                  amount: formatMoney(refund.amountCents, currency, locale),
                  state: refund.status,
                  age: formatAge(refund.requestedAt, now, locale),
                })}
              </span>
              {mine && canWithdraw && refund.status === AWAITING_APPROVAL ? (
                <Button
                  type="button"
                  variant="secondary"
                  disabled={pending}
                  aria-busy={pending}
                  onClick={() => withdraw(refund.id)}
                  data-testid="withdraw-request"
                >
                  {t('withdraw')}
                </Button>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
