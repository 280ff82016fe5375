import type { AuditSentence } from '@/lib/i18n/audit-sentences';

/**
 * The secondary facts of an audit row — eftPay's own codes and numbers, the event code — folded
 * away under a small summary, so that the sentence stays the main words.
 */
export function AuditDetails({ details, summary }: { details: AuditSentence['details']; summary: string }) {
  if (details.length === 0) return null;
  return (
    <details className="mt-1 text-xs text-slate-500" data-testid="audit-details">
      <summary className="cursor-pointer select-none text-brand-700">{summary}</summary>
      <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5">
        {details.map((d) => (
          <div key={`${d.label}|${d.value}`} className="contents">
            <dt>{d.label}</dt>
            <dd className="break-all font-mono">{d.value}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
