'use client';

import { useStepUp } from '@/components/auth/step-up';
import { zodResolver } from '@hookform/resolvers/zod';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { useRef, useState } from 'react';
import { type FieldPath, useForm } from 'react-hook-form';
import { useActionResult } from '@/components/forms/action-result';
import { Button } from '@/components/ui/button';
import { Notice } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { Input, Select, Textarea } from '@/components/ui/input';
import { WaitingForGateway } from '@/components/ui/waiting-for-gateway';
import { createRefundAction } from '@/lib/actions/refunds';
import { formatMoney } from '@/lib/format';
import { labels } from '@/lib/i18n/labels';
import { centsToAmount, parseAmountToCents } from '@/lib/money';
import type { OrderView } from '@/lib/orders/view';
import type { CreatedRefund } from '@/lib/refunds/create';
import { NOTE_MAX, REFUND_REASONS, RefundInput, type RefundValues } from '@/lib/refunds/schemas';
import { msg } from '@/lib/shared/messages';

type FormValues = RefundInput;
type Step = { kind: 'edit' } | { kind: 'confirm'; values: RefundValues } | { kind: 'done'; refund: CreatedRefund };
type ActionResult = Awaited<ReturnType<typeof createRefundAction>>;

const FIELDS = ['amount', 'reason', 'note'] as const satisfies readonly FieldPath<FormValues>[];

/**
 * edit → confirm → outcome. Validated in the browser with the action's own schema (RefundInput);
 * the server validates again and its field errors land on the same fields. The idempotency key
 * comes from the panel: one key per refund, reused if this form is sent again.
 */
export function RefundForm({
  order,
  idempotencyKey,
  onSettled,
  onCancel,
}: {
  order: OrderView;
  idempotencyKey: string;
  /** A refund exists now (whatever its status): the panel refreshes and may poll. */
  onSettled: (refund: CreatedRefund) => void;
  onCancel: () => void;
}) {
  const t = useTranslations('refunds');
  const tr = useTranslations();
  const readResult = useActionResult();
  const stepUp = useStepUp();
  const router = useRouter();
  const [step, setStep] = useState<Step>({ kind: 'edit' });
  const [pending, setPending] = useState(false);
  const [rootError, setRootError] = useState<string | null>(null);
  // A second click can land before React re-renders the disabled button: this ref catches it.
  const sending = useRef(false);
  const locale = useLocale();
  const money = (cents: number) => formatMoney(cents, order.currency, locale);
  const wallet = labels(tr).wallet(order.wallet);

  const form = useForm<FormValues, unknown, RefundValues>({
    resolver: zodResolver(RefundInput),
    defaultValues: {
      orderId: order.id,
      amount: centsToAmount(order.refundableCents),
      note: '',
      idempotencyKey,
    },
  });
  const { errors } = form.formState;
  const reason = form.watch('reason');
  const noteLength = Array.from(form.watch('note') ?? '').length;

  function review(values: RefundValues) {
    setRootError(null);
    // The server's rule, checked before the confirm step so it never offers more than is left;
    // the server still decides, under the order's lock.
    const cents = parseAmountToCents(values.amount) ?? 0;
    if (cents > order.refundableCents) {
      form.setError('amount', {
        type: 'remainder',
        message:
          order.refundableCents === 0
            ? msg('errors.refund.nothing_left')
            : msg('errors.refund.exceeds_remainder', { maxCents: order.refundableCents }),
      });
      return;
    }
    setStep({ kind: 'confirm', values });
  }

  async function send(values: RefundValues) {
    if (sending.current) return;
    sending.current = true;
    setPending(true);
    setRootError(null);
    let result: ActionResult | undefined;
    try {
      result = await stepUp(() => createRefundAction({ ...values, idempotencyKey }));
    } catch {
      // The request may or may not have reached the server; the same key makes a retry safe.
      setRootError(t('errors.network'));
    } finally {
      sending.current = false;
      setPending(false);
    }
    if (!result) return;
    const read = readResult(result, form, FIELDS);
    if (read.ok) {
      setStep({ kind: 'done', refund: read.data });
      onSettled(read.data);
      return;
    }
    // Field errors (e.g. more than is left to refund) send the person back to the fields.
    if (FIELDS.some((name) => read.fieldErrors[name])) setStep({ kind: 'edit' });
    // A refusal means the page's picture may be stale (another tab or person refunded meanwhile):
    // fetch the order again, so "Refundable" and this form's own check show what is left now.
    router.refresh();
    setRootError(read.text);
  }

  if (step.kind === 'done') {
    return <Outcome refund={step.refund} amount={money(step.refund.amountCents)} wallet={wallet} onClose={onCancel} />;
  }

  if (step.kind === 'confirm') {
    const cents = parseAmountToCents(step.values.amount) ?? 0;
    return (
      <div className="space-y-4" data-testid="refund-confirm">
        {rootError ? <Notice tone="error">{rootError}</Notice> : null}
        <p className="text-base font-medium text-slate-900" data-testid="refund-confirm-sentence">
          {t('confirm.sentence', { amount: money(cents), paid: money(order.amountCents), wallet })}
        </p>
        <ul className="space-y-1 text-sm text-slate-700">
          <li>{t('confirm.reason', { reason: labels(tr).refundReason(step.values.reason) })}</li>
          {step.values.note ? <li className="break-words">{t('confirm.note', { note: step.values.note })}</li> : null}
        </ul>
        <div className="flex flex-col gap-2">
          <div className="flex justify-end gap-2">
            <Button type="button" variant="secondary" disabled={pending} onClick={() => setStep({ kind: 'edit' })}>
              {t('confirm.back')}
            </Button>
            <Button
              type="button"
              variant="danger"
              disabled={pending}
              aria-busy={pending}
              onClick={() => send(step.values)}
            >
              {pending ? t('confirm.pending') : t('confirm.submit', { amount: money(cents) })}
            </Button>
          </div>
          <WaitingForGateway pending={pending} subject="refund" className="text-right" />
        </div>
      </div>
    );
  }

  return (
    <form onSubmit={form.handleSubmit(review)} className="space-y-4" noValidate data-testid="refund-form">
      <dl className="grid grid-cols-2 gap-2 rounded-md bg-slate-50 p-3 text-sm sm:grid-cols-4">
        <Figure label={t('summary.paid')} value={money(order.amountCents)} />
        <Figure label={t('summary.refunded')} value={money(order.refundedCents)} />
        <Figure
          label={t('summary.inFlight')}
          value={money(order.inFlightCents + order.awaitingApprovalCents)}
          hint={t('summary.inFlightHint')}
        />
        <Figure label={t('summary.refundable')} value={money(order.refundableCents)} strong />
      </dl>
      {rootError ? <Notice tone="error">{rootError}</Notice> : null}
      <Field id="refund-amount" label={t('form.amount')} hint={t('form.amountHint')} error={errors.amount?.message}>
        <Input
          id="refund-amount"
          inputMode="decimal"
          autoComplete="off"
          aria-invalid={!!errors.amount}
          aria-describedby={errors.amount ? 'refund-amount-error' : undefined}
          {...form.register('amount')}
        />
      </Field>
      <Field id="refund-reason" label={t('form.reason')} error={errors.reason?.message}>
        <Select
          id="refund-reason"
          defaultValue=""
          aria-invalid={!!errors.reason}
          aria-describedby={errors.reason ? 'refund-reason-error' : undefined}
          {...form.register('reason')}
        >
          <option value="" disabled>
            {t('form.chooseReason')}
          </option>
          {REFUND_REASONS.map((value) => (
            <option key={value} value={value}>
              {labels(tr).refundReason(value)}
            </option>
          ))}
        </Select>
      </Field>
      <Field
        id="refund-note"
        label={reason === 'other' ? t('form.noteRequired') : t('form.noteOptional')}
        hint={t('form.noteHint')}
        error={errors.note?.message}
      >
        <Textarea
          id="refund-note"
          rows={3}
          aria-invalid={!!errors.note}
          aria-required={reason === 'other'}
          aria-describedby="refund-note-count"
          {...form.register('note')}
        />
        <p
          id="refund-note-count"
          className={noteLength > NOTE_MAX ? 'text-right text-xs text-red-700' : 'text-right text-xs text-slate-500'}
          data-testid="refund-note-count"
        >
          {t('form.noteCount', { count: noteLength, max: NOTE_MAX })}
        </p>
      </Field>
      <div className="flex justify-end gap-2">
        <Button type="button" variant="secondary" onClick={onCancel}>
          {t('form.cancel')}
        </Button>
        <Button type="submit">{t('form.continue')}</Button>
      </div>
    </form>
  );
}

function Outcome({
  refund,
  amount,
  wallet,
  onClose,
}: {
  refund: CreatedRefund;
  amount: string;
  wallet: string;
  onClose: () => void;
}) {
  const t = useTranslations('refunds.outcome');
  const tSlip = useTranslations('refunds.slip');
  const text = {
    succeeded: t('succeeded', { amount, wallet }),
    processing: t('processing'),
    requested: t('requested'),
    failed: refund.gatewayMessage ? t('failed', { message: refund.gatewayMessage }) : t('failedNoMessage'),
    unknown: t('unknown'),
    pending_approval: t('pendingApproval'),
    rejected: t('ended'),
    cancelled: t('ended'),
    expired: t('ended'),
  }[refund.status];
  const tone = {
    succeeded: 'success',
    processing: 'info',
    requested: 'info',
    failed: 'error',
    unknown: 'warning',
    pending_approval: 'info',
    rejected: 'info',
    cancelled: 'info',
    expired: 'info',
  } as const;
  return (
    <div className="space-y-3" data-testid="refund-outcome" data-status={refund.status}>
      <Notice tone={tone[refund.status]}>
        <p>{text}</p>
        {refund.replayed ? <p className="mt-1">{t('replayed')}</p> : null}
      </Notice>
      <p className="font-mono text-xs text-slate-500">{t('refundNo', { refundNo: refund.refundNo })}</p>
      <Link href={`/refunds/${refund.refundId}/slip`} className="inline-block text-sm text-brand-700 hover:underline">
        {tSlip('view')}
      </Link>
      <div className="flex justify-end">
        <Button type="button" onClick={onClose}>
          {t('done')}
        </Button>
      </div>
    </div>
  );
}

function Figure({ label, value, hint, strong }: { label: string; value: string; hint?: string; strong?: boolean }) {
  return (
    <div title={hint}>
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className={strong ? 'font-semibold tabular-nums text-brand-700' : 'tabular-nums'}>{value}</dd>
    </div>
  );
}
