import type { ReactNode } from 'react';
import { CopyButton } from '@/components/ui/copy-button';
import { LangText } from '@/components/ui/lang-text';
import { formatMoney } from '@/lib/format';
import { labels } from '@/lib/i18n/labels';
import { translatorFor } from '@/lib/i18n/translator';
import type { RefundSlip } from '@/lib/refunds/slip';
import { formatDateTimeSeconds } from '@/lib/time/format';

// The slip is bilingual whatever the reader's language: every label in English and in Chinese.
const EN = translatorFor('en');
const ZH = translatorFor('zh-HK');
const LABELS = { en: labels(EN), zh: labels(ZH) };

type Field = 'store' | 'orderNo' | 'refundNo' | 'amount' | 'wallet' | 'dateTime' | 'staff' | 'status' | 'reason';

/** The on-screen copy buttons' words, in the reader's language (they are never printed). */
export interface SlipCopyText {
  copy: string;
  copied: string;
  failed: string;
  copyOrderNo: string;
  copyRefundNo: string;
}

/** English and Chinese side by side; a word that reads the same in both (e.g. "AlipayHK") once. */
function Both({ en, zh }: { en: string; zh: string }) {
  if (en === zh) return <LangText>{en}</LangText>;
  return (
    <>
      <span>{en}</span> <span lang="zh-HK">{zh}</span>
    </>
  );
}

function Row({ field, children, action }: { field: Field; children: ReactNode; action?: ReactNode }) {
  return (
    <div className="py-2" data-field={field}>
      <dt className="text-xs text-slate-600 print:text-black">
        <Both en={EN(`refunds.slip.${field}`)} zh={ZH(`refunds.slip.${field}`)} />
      </dt>
      <dd className="mt-0.5 flex items-center justify-between gap-3 font-medium">
        <span className="min-w-0 wrap-anywhere">{children}</span>
        {action}
      </dd>
    </div>
  );
}

/**
 * A refund slip (退款單) to hand to the customer or keep with the day's papers. Values are shown
 * once — amounts as `HKD 12.30`, times as Hong Kong time — and fit a 360 px phone or an 80 mm
 * receipt as well as A4. The copy buttons are for the screen only.
 */
export function RefundSlipView({ slip, copyText }: { slip: RefundSlip; copyText: SlipCopyText }) {
  const copy = (text: string, label: string) => (
    <CopyButton
      text={text}
      label={label}
      copy={copyText.copy}
      copied={copyText.copied}
      failed={copyText.failed}
      className="shrink-0 print:hidden"
    />
  );
  return (
    <article
      data-testid="refund-slip"
      className="mx-auto w-full max-w-md rounded-lg border border-slate-300 bg-white p-4 text-sm shadow-sm sm:p-6 print:rounded-none print:border-0 print:p-0 print:text-black print:shadow-none"
    >
      <h1 className="border-b border-slate-300 pb-3 text-center text-lg font-semibold">
        <Both en={EN('refunds.slip.title')} zh={ZH('refunds.slip.title')} />
      </h1>
      <dl className="divide-y divide-slate-200">
        <Row field="store">
          <LangText fallback="—">{slip.storeName}</LangText>
          {slip.storeCode ? <span className="text-slate-600 print:text-black"> ({slip.storeCode})</span> : null}
        </Row>
        <Row field="orderNo" action={copy(slip.outTradeNo, copyText.copyOrderNo)}>
          <span className="font-mono" data-testid="slip-order-no">
            {slip.outTradeNo}
          </span>
        </Row>
        <Row field="refundNo" action={copy(slip.refundNo, copyText.copyRefundNo)}>
          <span className="font-mono" data-testid="slip-refund-no">
            {slip.refundNo}
          </span>
        </Row>
        <Row field="amount">
          <span className="text-xl font-semibold tabular-nums" data-testid="slip-amount">
            {formatMoney(slip.amountCents, slip.currency)}
          </span>
        </Row>
        <Row field="wallet">
          <Both en={LABELS.en.wallet(slip.wallet)} zh={LABELS.zh.wallet(slip.wallet)} />
        </Row>
        <Row field="reason">
          <Both en={LABELS.en.refundReason(slip.reason)} zh={LABELS.zh.refundReason(slip.reason)} />
        </Row>
        <Row field="dateTime">
          <span className="tabular-nums">{formatDateTimeSeconds(slip.requestedAt)}</span>
        </Row>
        <Row field="staff">
          <LangText fallback="—">{slip.staffName}</LangText>
        </Row>
        <Row field="status">
          <span data-status={slip.status}>
            <Both en={LABELS.en.refundStatus(slip.status)} zh={LABELS.zh.refundStatus(slip.status)} />
          </span>
        </Row>
      </dl>
    </article>
  );
}
