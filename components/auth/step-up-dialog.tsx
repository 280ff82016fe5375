'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import * as Dialog from '@radix-ui/react-dialog';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useActionResult } from '@/components/forms/action-result';
import { Button } from '@/components/ui/button';
import { Notice } from '@/components/ui/card';
import { InputField } from '@/components/ui/input-field';
import { stepUpAction } from '@/lib/actions/account';
import { StepUpInput, type StepUpMethod } from '@/lib/auth/schemas';

/**
 * "Confirm it is you": the code from the authenticator app (or a recovery code), or the password.
 * Loaded the first time it is needed, so the console's every page does not carry its form.
 */
export default function StepUpDialog({ method, onDone }: { method: StepUpMethod; onDone: (proven: boolean) => void }) {
  const t = useTranslations('auth.stepUp');
  const readResult = useActionResult();
  const [rootError, setRootError] = useState<string | null>(null);
  const form = useForm<StepUpInput>({ resolver: zodResolver(StepUpInput), defaultValues: { proof: '' } });
  const { errors, isSubmitting } = form.formState;

  async function submit(values: StepUpInput) {
    setRootError(null);
    const result = await stepUpAction(values).catch(() => undefined);
    const read = readResult(result, form, ['proof']);
    if (read.ok) onDone(true);
    else setRootError(read.text);
  }

  return (
    <Dialog.Root open onOpenChange={(open) => (open ? undefined : onDone(false))}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-[60] bg-slate-900/50" />
        <Dialog.Content
          data-testid="step-up-dialog"
          className="fixed top-1/2 left-1/2 z-[70] w-[min(26rem,95vw)] -translate-x-1/2 -translate-y-1/2 rounded-lg bg-white p-6 shadow-xl"
        >
          <Dialog.Title className="text-lg font-semibold">{t('title')}</Dialog.Title>
          <Dialog.Description className="mt-1 text-sm text-slate-600">
            {method === 'totp' ? t('describeTotp') : t('describePassword')}
          </Dialog.Description>
          <form onSubmit={form.handleSubmit(submit)} noValidate className="mt-4 space-y-4">
            {rootError ? <Notice tone="error">{rootError}</Notice> : null}
            <InputField
              id="step-up-proof"
              label={method === 'totp' ? t('code') : t('password')}
              type={method === 'totp' ? 'text' : 'password'}
              inputMode={method === 'totp' ? 'numeric' : undefined}
              autoComplete={method === 'totp' ? 'one-time-code' : 'current-password'}
              autoFocus
              error={errors.proof?.message}
              aria-describedby={errors.proof ? 'step-up-proof-error' : undefined}
              {...form.register('proof')}
            />
            <div className="flex justify-end gap-2">
              <Dialog.Close asChild>
                <Button type="button" variant="secondary">
                  {t('cancel')}
                </Button>
              </Dialog.Close>
              <Button type="submit" disabled={isSubmitting} aria-busy={isSubmitting}>
                {isSubmitting ? t('checking') : t('confirm')}
              </Button>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
