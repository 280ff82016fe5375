'use client';

import { useTranslations } from 'next-intl';
import type { CloseOutcome } from '@/lib/close/outcome';
import { labels } from '@/lib/i18n/labels';
import { isOrderStatus } from '@/lib/shared/statuses';
import { isWallet } from '@/lib/shared/wallets';
import { cn } from '@/components/ui/cn';

const TONE: Record<CloseOutcome['result'], string> = {
  closed: 'border-emerald-200 bg-emerald-50 text-emerald-900',
  already_paid: 'border-sky-200 bg-sky-50 text-sky-900',
  cannot_close: 'border-slate-200 bg-slate-50 text-slate-800',
  failed: 'border-red-200 bg-red-50 text-red-900',
  unknown: 'border-amber-200 bg-amber-50 text-amber-900',
};

/** Why an order was not closed, in words (shared by the preview and the outcome list). */
export function useWhyText() {
  const t = useTranslations('close');
  const label = labels(useTranslations());
  return (
    why: 'not_found' | 'not_unpaid' | 'no_close_service' | 'too_young',
    facts: { status?: string; wallet?: string; minutes?: number },
  ) => {
    switch (why) {
      case 'not_unpaid':
        return t('why.not_unpaid', { status: isOrderStatus(facts.status) ? label.orderStatus(facts.status) : '' });
      case 'no_close_service':
        return t('why.no_close_service', {
          wallet: isWallet(facts.wallet) ? label.wallet(facts.wallet) : '',
        });
      case 'too_young':
        return t('why.too_young', { minutes: facts.minutes ?? 0 });
      default:
        return t('why.not_found');
    }
  };
}

/** One line per order after a close: what happened, in the supervisor's words. */
export function CloseOutcomes({
  outcomes,
  orderNumbers,
  minAgeMinutes,
}: {
  outcomes: CloseOutcome[];
  /** Order numbers from the selection, for outcomes that carry none (not found, unexpected error). */
  orderNumbers: Record<string, string>;
  minAgeMinutes: number;
}) {
  const t = useTranslations('close');
  const whyText = useWhyText();
  const count = (result: CloseOutcome['result']) => outcomes.filter((o) => o.result === result).length;

  return (
    <div className="space-y-3">
      <p className="text-sm font-medium text-slate-700" data-testid="close-summary">
        {t('dialog.summary', {
          closed: count('closed'),
          paid: count('already_paid'),
          cannot: count('cannot_close'),
          failed: count('failed'),
          unknown: count('unknown'),
        })}
      </p>
      <ul className="max-h-80 space-y-2 overflow-y-auto" aria-label={t('dialog.outcomes')}>
        {outcomes.map((outcome) => {
          const number = outcome.outTradeNo ?? orderNumbers[outcome.orderId] ?? outcome.orderId;
          let text: string;
          if (outcome.result === 'cannot_close') {
            text = `${t('result.cannot_close')}: ${whyText(outcome.why, { status: outcome.status, wallet: outcome.wallet, minutes: minAgeMinutes })}`;
          } else if (outcome.result === 'failed') {
            text = t('result.failed', { message: outcome.message });
          } else {
            text = t(`result.${outcome.result}`);
          }
          return (
            <li
              key={outcome.orderId}
              data-testid="close-outcome"
              data-order={number}
              data-result={outcome.result}
              className={cn('rounded-md border px-3 py-2 text-sm', TONE[outcome.result])}
            >
              <span className="font-mono">{number}</span> — {text}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
