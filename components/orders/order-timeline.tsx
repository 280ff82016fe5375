import { useLocale, useTranslations } from 'next-intl';
import { AuditDetails } from '@/components/audit/audit-details';
import { Card } from '@/components/ui/card';
import { LangText } from '@/components/ui/lang-text';
import { auditSentence } from '@/lib/i18n/audit-sentences';
import type { OrderView, TimelineEntry } from '@/lib/orders/view';
import { formatDateTimeSeconds } from '@/lib/time/format';

/**
 * Everything that happened to the order, oldest first, in plain words: who did what — the staff
 * member, eftPay, the automatic check — with amounts as money. eftPay's own codes sit in details.
 */
export function OrderTimeline({
  entries,
  order,
}: {
  entries: TimelineEntry[];
  order: Pick<OrderView, 'amountCents' | 'currency' | 'wallet'>;
}) {
  const t = useTranslations('orders');
  const root = useTranslations();
  const locale = useLocale();
  return (
    <Card>
      <h2 className="mb-3 font-semibold">{t('detail.timeline')}</h2>
      {entries.length === 0 ? (
        <p className="text-sm text-slate-600">{t('detail.noTimeline')}</p>
      ) : (
        <ol className="relative space-y-4 border-l border-slate-200 pl-5" data-testid="order-timeline">
          {entries.map((e) => {
            const sentence = auditSentence(root, locale, { ...e, order });
            return (
              <li key={e.id} className="relative" data-action={e.action}>
                <span className="absolute -left-[25px] top-1.5 h-2.5 w-2.5 rounded-full bg-brand-600" aria-hidden />
                <div className="flex flex-wrap items-baseline gap-x-3 text-sm">
                  <time dateTime={e.at} className="tabular-nums text-slate-500">
                    {formatDateTimeSeconds(e.at, locale)}
                  </time>
                  <span className="font-medium" data-testid="timeline-sentence">
                    {sentence.text}
                  </span>
                </div>
                {sentence.note ? (
                  <p className="mt-0.5 text-sm text-slate-600">
                    {sentence.note.label}: <LangText>{sentence.note.text}</LangText>
                  </p>
                ) : null}
                <AuditDetails details={sentence.details} summary={root('audit.detail.summary')} />
              </li>
            );
          })}
        </ol>
      )}
    </Card>
  );
}
