import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { LangText } from '@/components/ui/lang-text';
import type { AuditRow } from '@/lib/audit/list-audit';

type Referenced = Pick<
  AuditRow,
  'entityType' | 'entityId' | 'orderId' | 'outTradeNo' | 'refundNo' | 'subjectName' | 'subjectEmail' | 'data'
>;

/**
 * The record an audit row is about, as people know it: the order number (linking to the order),
 * the refund number with its order, the staff member's name, the terminal — never an internal id.
 */
export function AuditReference({ row }: { row: Referenced }) {
  const t = useTranslations('audit');
  const data = row.data && typeof row.data === 'object' ? (row.data as Record<string, unknown>) : {};
  const orderLink =
    row.orderId && row.outTradeNo ? (
      <Link href={`/orders/${row.orderId}`} className="font-mono text-sm text-brand-700 hover:underline">
        {row.outTradeNo}
      </Link>
    ) : null;

  if (row.entityType === 'refund' && row.refundNo) {
    return (
      <>
        <div className="font-mono">{t('reference.refund', { refundNo: row.refundNo })}</div>
        {orderLink ? (
          <div className="text-slate-500">
            {t('reference.ofOrder')} {orderLink}
          </div>
        ) : null}
      </>
    );
  }
  if (orderLink) return orderLink;
  if (row.entityType === 'staff_user' && (row.subjectName || row.subjectEmail)) {
    return (
      <>
        <LangText className="text-sm">{row.subjectName}</LangText>
        {row.subjectEmail ? <div className="text-slate-500">{row.subjectEmail}</div> : null}
      </>
    );
  }
  if (row.entityType === 'store_terminal' && row.entityId) {
    return <span className="font-mono">{t('reference.terminal', { tid: row.entityId })}</span>;
  }
  if (row.entityType === 'app_setting') return <>{t('reference.setting')}</>;
  if (typeof data.email === 'string' && data.email) return <>{t('reference.signIn', { email: data.email })}</>;
  return <>—</>;
}
