import { useLocale, useTranslations } from 'next-intl';
import { AuditDetails } from '@/components/audit/audit-details';
import { AuditReference } from '@/components/audit/audit-reference';
import { DataTable, stackCell } from '@/components/ui/data-table';
import { LangText } from '@/components/ui/lang-text';
import type { AuditRow } from '@/lib/audit/list-audit';
import { auditActorLabel, auditSentence } from '@/lib/i18n/audit-sentences';
import { formatDateTimeSeconds } from '@/lib/time/format';

const COLUMNS = ['at', 'actor', 'event', 'entity', 'store', 'ip'] as const;

/**
 * One page of the audit log: when, who, what happened in plain words (the same sentences as the
 * order timeline), and the record it is about by its readable number or name. The event code and
 * eftPay's codes are details; the CSV export keeps every recorded field.
 */
export function AuditTable({ rows }: { rows: AuditRow[] }) {
  const t = useTranslations('audit.table');
  const root = useTranslations();
  const locale = useLocale();
  const cell = (key: (typeof COLUMNS)[number]) =>
    stackCell(t(key), key === 'at' ? 'time' : key === 'event' ? 'title' : 'detail');
  return (
    <DataTable
      caption={t('caption')}
      columns={COLUMNS.map((key) => ({ key, label: t(key) }))}
      headingClassName="px-3 py-2 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase"
      className="min-w-full text-sm"
      testId="audit-table"
    >
      <tbody>
        {rows.map((r) => {
          const sentence = auditSentence(root, locale, {
            ...r,
            order:
              r.orderAmountCents !== null && r.orderCurrency !== null && r.orderWallet !== null
                ? { amountCents: r.orderAmountCents, currency: r.orderCurrency, wallet: r.orderWallet }
                : null,
          });
          return (
            <tr
              key={r.id}
              className="border-t border-slate-100 align-top"
              data-testid="audit-row"
              data-action={r.action}
            >
              <td {...cell('at')} className="px-3 py-2 whitespace-nowrap tabular-nums">
                {formatDateTimeSeconds(r.at, locale)}
              </td>
              <td {...cell('actor')} className="px-3 py-2 whitespace-nowrap">
                {r.actorKind === 'staff' && !r.actorName ? (
                  t('deletedStaff')
                ) : (
                  <LangText>{auditActorLabel(root, r)}</LangText>
                )}
                {r.actorKind === 'staff' && r.actorEmail ? (
                  <div className="text-xs text-slate-500">{r.actorEmail}</div>
                ) : null}
              </td>
              <td {...cell('event')} className="px-3 py-2" data-testid="audit-sentence">
                <div>{sentence.text}</div>
                {sentence.note ? (
                  <div className="text-xs text-slate-600">
                    {sentence.note.label}: <LangText>{sentence.note.text}</LangText>
                  </div>
                ) : null}
                <AuditDetails details={sentence.details} summary={root('audit.detail.summary')} />
              </td>
              <td {...cell('entity')} className="px-3 py-2 text-xs" data-testid="audit-reference">
                <AuditReference row={r} />
              </td>
              <td {...cell('store')} className="px-3 py-2 whitespace-nowrap">
                {r.storeCode ?? '—'}
              </td>
              <td {...cell('ip')} className="px-3 py-2 text-xs whitespace-nowrap">
                {r.ip ?? '—'}
              </td>
            </tr>
          );
        })}
      </tbody>
    </DataTable>
  );
}
