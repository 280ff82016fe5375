'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import * as Dialog from '@radix-ui/react-dialog';
import { useTranslations } from 'next-intl';
import { createContext, type ReactNode, useCallback, useContext, useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { type ActionResult, useActionResult } from '@/components/forms/action-result';
import { Button } from '@/components/ui/button';
import { Notice } from '@/components/ui/card';
import { InputField } from '@/components/ui/input-field';
import { stepUpAction } from '@/lib/actions/account';
import { StepUpInput } from '@/lib/auth/schemas';
import { decodeMessage } from '@/lib/shared/messages';

type Method = 'totp' | 'password';

/**
 * Runs a protected action; if the server asks for a fresh proof of presence (`STEP_UP_REQUIRED`,
 * lib/auth/step-up.ts), asks the person for their code or password and, once it is accepted, runs
 * the same action again (same input, so a refund's idempotency key is kept). Cancelled: the first
 * answer is returned, and the form shows "Confirm it is you to continue".
 */
export type StepUpGuard = <R extends ActionResult<unknown>>(call: () => Promise<R>) => Promise<R>;

const StepUpContext = createContext<StepUpGuard | null>(null);

/** The guard of the console's step-up dialog (outside the console: the action runs as it is). */
export function useStepUp(): StepUpGuard {
  return useContext(StepUpContext) ?? ((call) => call());
}

function methodOf(result: ActionResult<unknown> | undefined): Method | null {
  if (result?.serverError?.code !== 'STEP_UP_REQUIRED') return null;
  return decodeMessage(result.serverError.message)?.key === 'errors.step_up.required_totp' ? 'totp' : 'password';
}

export function StepUpProvider({ children }: { children: ReactNode }) {
  const [asking, setAsking] = useState<Method | null>(null);
  const settle = useRef<((proven: boolean) => void) | null>(null);

  const ask = useCallback(
    (method: Method) =>
      new Promise<boolean>((resolve) => {
        settle.current = resolve;
        setAsking(method);
      }),
    [],
  );
  const finish = useCallback((proven: boolean) => {
    setAsking(null);
    settle.current?.(proven);
    settle.current = null;
  }, []);

  const guard = useCallback<StepUpGuard>(
    async (call) => {
      const first = await call();
      const method = methodOf(first);
      if (!method) return first;
      return (await ask(method)) ? call() : first;
    },
    [ask],
  );

  return (
    <StepUpContext.Provider value={guard}>
      {children}
      {asking ? <StepUpDialog method={asking} onDone={finish} /> : null}
    </StepUpContext.Provider>
  );
}

function StepUpDialog({ method, onDone }: { method: Method; onDone: (proven: boolean) => void }) {
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
