'use client';

import { useStepUp } from '@/components/auth/step-up';
import { zodResolver } from '@hookform/resolvers/zod';
import * as Dialog from '@radix-ui/react-dialog';
import { useLocale, useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { Button } from '@/components/ui/button';
import { Notice } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { Textarea } from '@/components/ui/input';
import { WaitingForGateway } from '@/components/ui/waiting-for-gateway';
import { closeOrdersAction, previewCloseAction } from '@/lib/actions/close';
import type { CloseOutcome } from '@/lib/close/outcome';
import type { ClosePreview, PreviewItem } from '@/lib/close/preview';
import { CLOSE_REASON_MAX, CloseOrdersInput } from '@/lib/close/schemas';
import { labels } from '@/lib/i18n/labels';
import { readActionResult, useActionResult } from '@/components/forms/action-result';
import { messageText } from '@/lib/i18n/message-text';
import { msg } from '@/lib/shared/messages';
import { formatAge, formatMoney } from '@/lib/format';
import { CloseOutcomes, useWhyText } from './close-outcomes';

type Phase =
  | { kind: 'loading' }
  | { kind: 'preview'; preview: ClosePreview }
  | { kind: 'done'; preview: ClosePreview; outcomes: CloseOutcome[] }
  | { kind: 'error'; message: string };

type Values = { orderIds: string[]; reason: string };

/**
 * select → preview → reason → confirm → outcome, for one order or many. The preview is our
 * records' view (read-only); the close itself asks eftPay about every order again.
 */
export function CloseOrdersDialog({
  orderIds,
  open,
  onOpenChange,
  onFinished,
}: {
  orderIds: string[];
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Called when the dialog closes after a close ran: the page should reload its data. */
  onFinished: () => void;
}) {
  const t = useTranslations('close');
  const tr = useTranslations();
  const locale = useLocale();
  const readResult = useActionResult();
  const stepUp = useStepUp();
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });
  const form = useForm<Values>({
    resolver: zodResolver(CloseOrdersInput),
    defaultValues: { orderIds: [], reason: '' },
  });

  // One preview per opening. Not tied to every render: the dialog must survive the page
  // re-rendering underneath it (new props, new translator) without starting over.
  const requested = useRef<string | null>(null);
  const idsKey = orderIds.join(',');
  useEffect(() => {
    if (!open) {
      requested.current = null;
      return;
    }
    if (requested.current === idsKey) return;
    requested.current = idsKey;
    setPhase({ kind: 'loading' });
    form.reset({ orderIds: [], reason: '' });
    const current = () => requested.current === idsKey;
    previewCloseAction({ orderIds: idsKey.split(',') }).then(
      (result) => {
        if (!current()) return;
        if (!result?.data) {
          const read = readActionResult(result);
          setPhase({
            kind: 'error',
            message: read.ok ? msg('errors.generic') : (read.message ?? msg('errors.generic')),
          });
          return;
        }
        const closable = result.data.items.filter((i) => i.blocker === null).map((i) => i.orderId);
        form.setValue('orderIds', closable);
        setPhase({ kind: 'preview', preview: result.data });
      },
      () => current() && setPhase({ kind: 'error', message: msg('errors.generic') }),
    );
  }, [open, idsKey, form]);

  async function onSubmit(values: Values) {
    if (phase.kind !== 'preview') return;
    const result = await stepUp(() => closeOrdersAction(values)).catch(() => undefined);
    if (result?.data) {
      setPhase({ kind: 'done', preview: phase.preview, outcomes: result.data.outcomes });
      return;
    }
    const read = readResult(result, form, ['reason']);
    if (read.text) form.setError('root', { message: read.text });
  }

  function handleOpenChange(next: boolean) {
    if (form.formState.isSubmitting) return;
    onOpenChange(next);
    if (!next && phase.kind === 'done') onFinished();
  }

  return (
    <Dialog.Root open={open} onOpenChange={handleOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
        <Dialog.Content className="fixed top-1/2 left-1/2 z-50 max-h-[90vh] w-[min(40rem,95vw)] -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-lg bg-white p-6 shadow-xl">
          <Dialog.Title className="text-lg font-semibold">{t('dialog.title')}</Dialog.Title>
          <Dialog.Description className="mt-1 text-sm text-slate-600">{t('dialog.description')}</Dialog.Description>
          <div className="mt-4 space-y-4">
            {phase.kind === 'loading' ? <p className="text-sm text-slate-600">{t('dialog.loading')}</p> : null}
            {phase.kind === 'error' ? <Notice tone="error">{messageText(tr, phase.message, locale)}</Notice> : null}
            {phase.kind === 'preview' ? (
              <PreviewBody
                preview={phase.preview}
                form={form}
                onSubmit={onSubmit}
                onCancel={() => handleOpenChange(false)}
              />
            ) : null}
            {phase.kind === 'done' ? (
              <>
                <CloseOutcomes
                  outcomes={phase.outcomes}
                  orderNumbers={numbersOf(phase.preview.items)}
                  minAgeMinutes={phase.preview.minAgeMinutes}
                />
                <div className="flex justify-end">
                  <Button type="button" onClick={() => handleOpenChange(false)}>
                    {t('dialog.done')}
                  </Button>
                </div>
              </>
            ) : null}
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function numbersOf(items: PreviewItem[]): Record<string, string> {
  return Object.fromEntries(items.flatMap((i) => (i.found ? [[i.orderId, i.outTradeNo]] : [])));
}

function PreviewBody({
  preview,
  form,
  onSubmit,
  onCancel,
}: {
  preview: ClosePreview;
  form: ReturnType<typeof useForm<Values>>;
  onSubmit: (values: Values) => Promise<void>;
  onCancel: () => void;
}) {
  const t = useTranslations('close');
  const label = labels(useTranslations());
  const locale = useLocale();
  const whyText = useWhyText();
  const closable = preview.items.filter((i) => i.blocker === null);
  const blocked = preview.items.filter((i) => i.blocker !== null);
  const { errors, isSubmitting } = form.formState;

  return (
    <form onSubmit={form.handleSubmit(onSubmit)} className="space-y-4" noValidate>
      {closable.length > 0 ? (
        <section aria-label={t('dialog.willClose', { count: closable.length })}>
          <h3 className="text-sm font-semibold text-slate-800">{t('dialog.willClose', { count: closable.length })}</h3>
          <ul className="mt-2 max-h-48 space-y-1 overflow-y-auto text-sm" data-testid="close-preview-closable">
            {closable.map((item) =>
              item.found ? (
                <li key={item.orderId} className="flex justify-between gap-3">
                  <span className="font-mono">{item.outTradeNo}</span>
                  <span className="text-slate-600">
                    {item.storeName ?? '—'} · {label.wallet(item.wallet)} ·{' '}
                    {formatMoney(item.amountCents, item.currency, locale)} ·{' '}
                    {formatAge(item.createdAt, undefined, locale)}
                  </span>
                </li>
              ) : null,
            )}
          </ul>
        </section>
      ) : (
        <Notice tone="warning">{t('dialog.nothingToClose')}</Notice>
      )}
      {blocked.length > 0 ? (
        <section aria-label={t('dialog.cannotClose', { count: blocked.length })}>
          <h3 className="text-sm font-semibold text-slate-800">{t('dialog.cannotClose', { count: blocked.length })}</h3>
          <ul className="mt-2 max-h-40 space-y-1 overflow-y-auto text-sm" data-testid="close-preview-blocked">
            {blocked.map((item) => (
              <li key={item.orderId} className="flex justify-between gap-3">
                <span className="font-mono">{item.found ? item.outTradeNo : '—'}</span>
                <span className="text-slate-600">
                  {whyText(item.blocker!, {
                    status: item.found ? item.status : undefined,
                    wallet: item.found ? item.wallet : undefined,
                    minutes: preview.minAgeMinutes,
                  })}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {closable.length > 0 ? (
        <>
          <p className="text-sm text-slate-600">{t('dialog.checkFirst')}</p>
          <Field
            id="close-reason"
            label={t('dialog.reason')}
            hint={t('dialog.reasonHint', { max: CLOSE_REASON_MAX })}
            error={errors.reason?.message}
          >
            <Textarea
              id="close-reason"
              rows={2}
              maxLength={CLOSE_REASON_MAX}
              aria-invalid={!!errors.reason}
              {...form.register('reason')}
            />
          </Field>
        </>
      ) : null}
      {errors.root?.message ? <Notice tone="error">{errors.root.message}</Notice> : null}
      <div className="flex flex-col gap-2">
        <div className="flex justify-end gap-2">
          <Button type="button" variant="secondary" onClick={onCancel} disabled={isSubmitting}>
            {t('dialog.cancel')}
          </Button>
          {closable.length > 0 ? (
            <Button type="submit" variant="danger" disabled={isSubmitting}>
              {isSubmitting ? t('dialog.working') : t('dialog.confirm', { count: closable.length })}
            </Button>
          ) : null}
        </div>
        <WaitingForGateway pending={isSubmitting} subject="close" className="text-right" />
      </div>
    </form>
  );
}
