import Link from 'next/link';
import { useLocale, useTranslations } from 'next-intl';
import { ResolveDiscrepancyForm } from '@/components/discrepancies/resolve-form';
import { DataTable, stackCell } from '@/components/ui/data-table';
import { LangText } from '@/components/ui/lang-text';
import type { DiscrepancyRow } from '@/lib/discrepancies/list';
import { formatMoney } from '@/lib/format';
import { labels } from '@/lib/i18n/labels';
import { formatDateTimeSeconds } from '@/lib/time/format';

const COLUMNS = ['detectedAt', 'kind', 'order', 'ours', 'eftpay', 'action'] as const;

type Facts = Record<string, unknown>;

/**
 * Discrepancies with eftPay: when, what disagreed in words, the order (and refund) it is about,
 * what we hold and what eftPay's signed message said, and — while open — "Mark resolved".
 */
export function DiscrepancyTable({
  rows,
  open,
  primaryFirst = false,
}: {
  rows: DiscrepancyRow[];
  open: boolean;
  /** The first row's "Mark resolved" is the page's main action. */
  primaryFirst?: boolean;
}) {
  const t = useTranslations('gateway.discrepancies');
  const label = labels(useTranslations());
  const locale = useLocale();
  const cell = (key: (typeof COLUMNS)[number]) =>
    stackCell(t(`columns.${key}`), key === 'detectedAt' ? 'time' : key === 'kind' ? 'title' : 'detail');

  function facts(value: unknown) {
    if (!value || typeof value !== 'object') return '—';
    const f = value as Facts;
    const parts: string[] = [];
    const currency = typeof f.currency === 'string' ? f.currency : 'HKD';
    if (typeof f.amountCents === 'number') parts.push(formatMoney(f.amountCents, currency, locale));
    else if (typeof f.currency === 'string') parts.push(f.currency);
    if (typeof f.wallet === 'string') parts.push(label.wallet(f.wallet as Parameters<typeof label.wallet>[0]));
    if (typeof f.outTradeNo === 'string') parts.push(t('orderNo', { number: f.outTradeNo }));
    return parts.length > 0 ? parts.join(' · ') : '—';
  }

  return (
    <DataTable
      caption={open ? t('openCaption') : t('resolvedCaption')}
      columns={COLUMNS.map((key) => ({ key, label: t(`columns.${key}`) }))}
      headingClassName="px-3 py-2 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase"
      className="min-w-full text-sm"
      testId={open ? 'discrepancies-open' : 'discrepancies-resolved'}
    >
      <tbody>
        {rows.map((r, index) => (
          <tr
            key={r.id}
            className="border-t border-slate-100 align-top"
            data-testid="discrepancy-row"
            data-kind={r.kind}
          >
            <td {...cell('detectedAt')} className="px-3 py-2 whitespace-nowrap tabular-nums">
              {formatDateTimeSeconds(r.detectedAt, locale)}
            </td>
            <td {...cell('kind')} className="px-3 py-2">
              <div>{t(`kinds.${kindKey(r.kind)}`)}</div>
              <div className="text-xs text-slate-600">
                {t(`sources.${r.source === 'query' ? 'query' : 'notification'}`)}
              </div>
            </td>
            <td {...cell('order')} className="px-3 py-2 font-mono text-xs">
              {r.orderId && r.outTradeNo ? (
                <Link href={`/orders/${r.orderId}`} className="text-brand-700 underline">
                  {r.outTradeNo}
                </Link>
              ) : (
                (r.outTradeNo ?? '—')
              )}
              {r.refundNo ? <div className="text-slate-600">{t('refundNo', { number: r.refundNo })}</div> : null}
              {r.storeCode ? <div className="text-slate-600">{r.storeCode}</div> : null}
            </td>
            <td {...cell('ours')} className="px-3 py-2">
              {facts(r.expected)}
            </td>
            <td {...cell('eftpay')} className="px-3 py-2">
              {facts(r.reported)}
            </td>
            <td {...cell('action')} className="px-3 py-2">
              {open ? (
                <ResolveDiscrepancyForm discrepancyId={r.id} primary={primaryFirst && index === 0} />
              ) : (
                <div className="text-xs">
                  <div>
                    {t('resolvedBy', {
                      name: r.resolvedByName ?? '—',
                      at: formatDateTimeSeconds(r.resolvedAt, locale),
                    })}
                  </div>
                  {r.resolutionNote ? <LangText>{r.resolutionNote}</LangText> : null}
                </div>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}

const KINDS = ['payment_amount', 'payment_currency', 'payment_wallet', 'refund_unknown', 'refund_mismatch'] as const;

function kindKey(kind: string): (typeof KINDS)[number] | 'other' {
  return (KINDS as readonly string[]).includes(kind) ? (kind as (typeof KINDS)[number]) : 'other';
}
