import { useLocale, useTranslations } from 'next-intl';
import { Card } from '@/components/ui/card';
import { LangText } from '@/components/ui/lang-text';
import { formatDateTimeSeconds, formatMoney } from '@/lib/format';
import type { Locale } from '@/lib/i18n/locales';
import type { TimelineEntry } from '@/lib/orders/view';

/** Everything that happened to the order, oldest first: who, what, and the context recorded. */
export function OrderTimeline({ entries, currency }: { entries: TimelineEntry[]; currency: string }) {
  const t = useTranslations('orders');
  const locale = useLocale();
  const who = (e: TimelineEntry) =>
    e.actorKind === 'staff' ? (e.actorName ?? t('actors.unknownStaff')) : t(`actors.${e.actorKind}`);
  // Message keys cannot contain dots; `order.payment_received` → `actions.order_payment_received`.
  const label = (action: string) => {
    const key = `actions.${action.replace(/\./g, '_')}`;
    return t.has(key) ? t(key as 'actions.order_closed') : action;
  };
  return (
    <Card>
      <h2 className="mb-3 font-semibold">{t('detail.timeline')}</h2>
      {entries.length === 0 ? (
        <p className="text-sm text-slate-600">{t('detail.noTimeline')}</p>
      ) : (
        <ol className="relative space-y-4 border-l border-slate-200 pl-5" data-testid="order-timeline">
          {entries.map((e) => (
            <li key={e.id} className="relative" data-action={e.action}>
              <span className="absolute -left-[25px] top-1.5 h-2.5 w-2.5 rounded-full bg-brand-600" aria-hidden />
              <div className="flex flex-wrap items-baseline gap-x-3 text-sm">
                <time dateTime={e.at} className="tabular-nums text-slate-500">
                  {formatDateTimeSeconds(e.at, locale)}
                </time>
                <span className="font-medium">{label(e.action)}</span>
                <span className="text-slate-600">
                  · <LangText>{who(e)}</LangText>
                </span>
              </div>
              {e.data && Object.keys(e.data).length > 0 ? (
                <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 text-xs text-slate-600">
                  {Object.entries(e.data).map(([key, value]) => (
                    <div key={key} className="contents">
                      <dt className="font-mono text-slate-500">{key}</dt>
                      <dd className="break-all font-mono">
                        <LangText>{show(key, value, currency, locale)}</LangText>
                      </dd>
                    </div>
                  ))}
                </dl>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}

function show(key: string, value: unknown, currency: string, locale: Locale): string {
  if (typeof value === 'number' && Number.isSafeInteger(value) && /cents$/i.test(key))
    return formatMoney(value, currency, locale);
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}
