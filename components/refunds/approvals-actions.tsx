'use client';

import { useRouter } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { useRef, useState } from 'react';
import { useStepUp } from '@/components/auth/step-up';
import { useActionResult } from '@/components/forms/action-result';
import { Button } from '@/components/ui/button';
import { WaitingForGateway } from '@/components/ui/waiting-for-gateway';
import { approveRefundAction, cancelRefundAction } from '@/lib/actions/refunds';
import { formatMoney } from '@/lib/format';
import type { ApprovalRequest } from '@/lib/refunds/list-requests';
import type { RefundStatus } from '@/lib/shared/statuses';
import { RejectRequestDialog } from './approvals-reject-dialog';

/** What became of a request the viewer acted on (`refused`: the reason, in their language). */
export type ApprovalOutcome =
  | { kind: 'approved'; status: RefundStatus }
  | { kind: 'rejected' }
  | { kind: 'withdrawn' }
  | { kind: 'refused'; message: string };

const refused = (message: string | null): ApprovalOutcome => ({ kind: 'refused', message: message ?? '' });

/**
 * One request's decision: Approve (sends the refund to eftPay — the server may first ask the
 * approver to confirm it is them) and Reject with a reason; for the viewer's own request, only
 * Withdraw. Whatever the answer, the page is refreshed: a request decided meanwhile by someone
 * else leaves the queue too.
 */
export function ApprovalActions({
  request,
  primary,
  onOutcome,
}: {
  request: ApprovalRequest;
  /** This row's Approve is the page's main action. */
  primary: boolean;
  onOutcome: (request: ApprovalRequest, outcome: ApprovalOutcome) => void;
}) {
  const t = useTranslations('refunds.approvals');
  const locale = useLocale();
  const router = useRouter();
  const stepUp = useStepUp();
  const readResult = useActionResult();
  const [busy, setBusy] = useState<'approve' | 'withdraw' | null>(null);
  const [rejecting, setRejecting] = useState(false);
  // A second tap can land before React re-renders the disabled button: this ref catches it.
  const sending = useRef(false);
  const { refundId } = request;
  const amount = formatMoney(request.amountCents, request.order.currency, locale);

  async function run(kind: 'approve' | 'withdraw') {
    if (sending.current) return;
    sending.current = true;
    setBusy(kind);
    try {
      if (kind === 'approve') {
        const read = readResult(await stepUp(() => approveRefundAction({ refundId })).catch(() => undefined));
        onOutcome(request, read.ok ? { kind: 'approved', status: read.data.status } : refused(read.text));
      } else {
        // Withdrawing needs no fresh confirmation today; the guard only acts if the server asks.
        const read = readResult(await stepUp(() => cancelRefundAction({ refundId })).catch(() => undefined));
        onOutcome(request, read.ok ? { kind: 'withdrawn' } : refused(read.text));
      }
      router.refresh();
    } finally {
      sending.current = false;
      setBusy(null);
    }
  }

  // `relative`: the gateway wait's screen-reader status is positioned, and must stay inside the
  // table's sideways-scrolling frame rather than widen the page.
  if (request.mine) {
    return (
      <div className="relative flex flex-wrap items-center gap-x-3 gap-y-2">
        <p className="text-sm text-slate-700" data-testid="own-request">
          {t('mine')}
        </p>
        <Button
          type="button"
          size="sm"
          variant="secondary"
          disabled={busy !== null}
          aria-busy={busy === 'withdraw'}
          onClick={() => run('withdraw')}
          data-testid="withdraw-request"
        >
          {busy === 'withdraw' ? t('withdrawing') : t('withdraw')}
        </Button>
      </div>
    );
  }

  return (
    <div className="relative flex flex-col gap-2">
      <div className="flex flex-wrap gap-2">
        <Button
          type="button"
          size="sm"
          disabled={busy !== null}
          aria-busy={busy === 'approve'}
          onClick={() => run('approve')}
          data-testid="approve-request"
          data-primary-action={primary ? '' : undefined}
          className="whitespace-nowrap"
        >
          {busy === 'approve' ? t('approving') : t('approve', { amount })}
        </Button>
        <Button
          type="button"
          size="sm"
          variant="secondary"
          disabled={busy !== null}
          onClick={() => setRejecting(true)}
          aria-label={t('rejectLabel', { amount, order: request.order.outTradeNo })}
          data-testid="reject-request"
        >
          {t('reject')}
        </Button>
      </div>
      <WaitingForGateway pending={busy === 'approve'} subject="refund" />
      {rejecting ? (
        <RejectRequestDialog
          request={request}
          amount={amount}
          onClose={() => setRejecting(false)}
          onRejected={() => {
            setRejecting(false);
            onOutcome(request, { kind: 'rejected' });
            router.refresh();
          }}
          onRefused={(message) => {
            setRejecting(false);
            onOutcome(request, { kind: 'refused', message });
            router.refresh();
          }}
        />
      ) : null}
    </div>
  );
}
