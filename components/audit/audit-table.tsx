import Link from 'next/link';
import { useLocale, useTranslations } from 'next-intl';
import type { AuditRow } from '@/lib/audit/list-audit';
import { formatDateTimeSeconds } from '@/lib/format';

/** One page of the audit log. Before/after/context are shown as JSON on demand. */
export function AuditTable({ rows }: { rows: AuditRow[] }) {
  const t = useTranslations('audit.table');
  const locale = useLocale();
  const th = 'px-3 py-2 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase';
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="min-w-full text-sm" data-testid="audit-table">
        <caption className="sr-only">{t('caption')}</caption>
        <thead className="bg-slate-50">
          <tr>
            {(['at', 'actor', 'action', 'entity', 'order', 'store', 'ip', 'details'] as const).map((key) => (
              <th key={key} scope="col" className={th}>
                {t(key)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className="border-t border-slate-100 align-top" data-testid="audit-row">
              <td className="px-3 py-2 whitespace-nowrap tabular-nums">{formatDateTimeSeconds(r.at, locale)}</td>
              <td className="px-3 py-2 whitespace-nowrap">
                {r.actorKind === 'staff' ? (
                  r.actorName ? (
                    <>
                      {r.actorName}
                      <div className="text-xs text-slate-500">{r.actorEmail}</div>
                    </>
                  ) : (
                    t('deletedStaff')
                  )
                ) : (
                  t(r.actorKind)
                )}
              </td>
              <td className="px-3 py-2 font-mono text-xs whitespace-nowrap">{r.action}</td>
              <td className="px-3 py-2 text-xs">
                {r.entityType}
                {r.entityId ? <div className="font-mono break-all text-slate-500">{r.entityId}</div> : null}
              </td>
              <td className="px-3 py-2 whitespace-nowrap">
                {r.orderId ? (
                  <Link href={`/orders/${r.orderId}`} className="font-mono text-brand-700 hover:underline">
                    {r.outTradeNo ?? r.orderId}
                  </Link>
                ) : (
                  '—'
                )}
              </td>
              <td className="px-3 py-2 whitespace-nowrap">{r.storeCode ?? '—'}</td>
              <td className="px-3 py-2 text-xs whitespace-nowrap">{r.ip ?? '—'}</td>
              <td className="px-3 py-2">
                {r.before || r.after || r.data ? (
                  <details>
                    <summary className="cursor-pointer text-xs text-brand-700">{t('show')}</summary>
                    <dl className="mt-1 max-w-md space-y-1 text-xs">
                      {(['before', 'after', 'data'] as const).map((key) =>
                        r[key] ? (
                          <div key={key}>
                            <dt className="font-semibold text-slate-600">{t(key)}</dt>
                            <dd>
                              <pre className="overflow-x-auto rounded bg-slate-50 p-1 whitespace-pre-wrap break-all">
                                {JSON.stringify(r[key], null, 1)}
                              </pre>
                            </dd>
                          </div>
                        ) : null,
                      )}
                    </dl>
                  </details>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
