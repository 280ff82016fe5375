'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import * as Dialog from '@radix-ui/react-dialog';
import { useTranslations } from 'next-intl';
import { useForm } from 'react-hook-form';
import { useStepUp } from '@/components/auth/step-up';
import { useActionResult } from '@/components/forms/action-result';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Textarea } from '@/components/ui/input';
import { rejectRefundAction } from '@/lib/actions/refunds';
import type { ApprovalRequest } from '@/lib/refunds/list-requests';
import { DECISION_REASON_MAX, RejectRefundInput } from '@/lib/refunds/schemas';

/**
 * Reject one request, with the reason the requester will read (required, checked with the
 * action's own schema). A field error stays in the dialog; any other answer (decided meanwhile,
 * lapsed) closes it and is shown above the queue.
 */
export function RejectRequestDialog({
  request,
  amount,
  onClose,
  onRejected,
  onRefused,
}: {
  request: ApprovalRequest;
  amount: string;
  onClose: () => void;
  onRejected: () => void;
  onRefused: (message: string) => void;
}) {
  const t = useTranslations('refunds.approvals');
  const readResult = useActionResult();
  const stepUp = useStepUp();
  const form = useForm<RejectRefundInput>({
    resolver: zodResolver(RejectRefundInput),
    defaultValues: { refundId: request.refundId, reason: '' },
  });
  const { errors, isSubmitting } = form.formState;
  const id = `reject-reason-${request.refundId}`;

  async function submit(values: RejectRefundInput) {
    // Rejecting moves no money and needs no fresh confirmation; the guard only acts if asked.
    const result = await stepUp(() => rejectRefundAction(values)).catch(() => undefined);
    const read = readResult(result, form, ['reason']);
    if (read.ok) onRejected();
    else if (!read.fieldErrors.reason) onRefused(read.text ?? '');
  }

  return (
    <Dialog.Root open onOpenChange={(open) => (open || isSubmitting ? undefined : onClose())}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
        <Dialog.Content
          data-testid="reject-dialog"
          className="fixed top-1/2 left-1/2 z-50 max-h-[90vh] w-[min(30rem,95vw)] -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-lg bg-white p-6 shadow-xl"
        >
          <Dialog.Title className="text-lg font-semibold">{t('rejectTitle', { amount })}</Dialog.Title>
          <Dialog.Description className="mt-1 text-sm text-slate-600">
            {t('rejectDescription', { order: request.order.outTradeNo })}
          </Dialog.Description>
          <form onSubmit={form.handleSubmit(submit)} noValidate className="mt-4 space-y-4">
            <Field
              id={id}
              label={t('rejectReason')}
              hint={t('rejectReasonHint', { max: DECISION_REASON_MAX })}
              error={errors.reason?.message}
            >
              <Textarea
                id={id}
                rows={3}
                maxLength={DECISION_REASON_MAX}
                autoFocus
                aria-required="true"
                aria-invalid={!!errors.reason}
                aria-describedby={errors.reason ? `${id}-error` : undefined}
                data-testid="reject-reason"
                {...form.register('reason')}
              />
            </Field>
            <div className="flex flex-wrap justify-end gap-2">
              <Dialog.Close asChild>
                <Button type="button" variant="secondary" disabled={isSubmitting}>
                  {t('cancel')}
                </Button>
              </Dialog.Close>
              <Button
                type="submit"
                variant="danger"
                disabled={isSubmitting}
                aria-busy={isSubmitting}
                data-testid="confirm-reject"
              >
                {isSubmitting ? t('rejecting') : t('confirmReject')}
              </Button>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
