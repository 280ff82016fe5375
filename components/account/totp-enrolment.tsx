'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { useActionResult } from '@/components/forms/action-result';
import { Button } from '@/components/ui/button';
import { Notice } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { beginTotpEnrolmentAction, confirmTotpEnrolmentAction } from '@/lib/actions/account';
import { BeginTotpInput, ConfirmTotpInput } from '@/lib/staff/schemas';

interface PendingSetup {
  qrDataUrl: string;
  secret: string;
}

/** Start (with the current password) → scan (or type the key) → confirm with a code → recovery codes, shown once. */
export function TotpEnrolment({ pending }: { pending: PendingSetup | null }) {
  const t = useTranslations('staff.account.twoFactor');
  const readResult = useActionResult();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const [starting, startTransition] = useTransition();
  const startForm = useForm<BeginTotpInput>({
    resolver: zodResolver(BeginTotpInput),
    defaultValues: { currentPassword: '' },
  });
  const form = useForm<z.input<typeof ConfirmTotpInput>, unknown, z.output<typeof ConfirmTotpInput>>({
    resolver: zodResolver(ConfirmTotpInput),
    defaultValues: { code: '' },
  });

  function start(values: BeginTotpInput) {
    setError(null);
    startTransition(async () => {
      const result = await beginTotpEnrolmentAction(values);
      const message = readResult(result, startForm).text;
      if (!result?.data) setError(message);
      else {
        startForm.reset();
        router.refresh();
      }
    });
  }

  const startFields = (label: string, variant?: 'ghost') => (
    <form onSubmit={startForm.handleSubmit(start)} className="space-y-3" noValidate>
      <Field
        id="totp-current-password"
        label={t('currentPassword')}
        error={startForm.formState.errors.currentPassword?.message}
      >
        <Input
          id="totp-current-password"
          type="password"
          autoComplete="current-password"
          className="w-72"
          aria-invalid={!!startForm.formState.errors.currentPassword}
          {...startForm.register('currentPassword')}
        />
      </Field>
      <Button type="submit" variant={variant} disabled={starting} data-primary-action="">
        {label}
      </Button>
    </form>
  );

  async function confirm(values: z.output<typeof ConfirmTotpInput>) {
    setError(null);
    const result = await confirmTotpEnrolmentAction(values);
    const message = readResult(result, form).text;
    if (!result?.data) {
      setError(message);
      return;
    }
    setRecoveryCodes(result.data.recoveryCodes);
  }

  if (recoveryCodes) {
    return (
      <div className="space-y-4">
        <Notice tone="success" data-testid="two-factor-on">
          {t('on')}
        </Notice>
        <div>
          <h2 className="font-semibold">{t('recoveryTitle')}</h2>
          <p className="mb-2 text-sm text-slate-600">{t('recoveryHint')}</p>
          <ol
            data-testid="recovery-codes"
            className="grid grid-cols-2 gap-2 rounded-md border border-slate-300 bg-slate-50 p-3 font-mono text-sm"
          >
            {recoveryCodes.map((code) => (
              <li key={code}>{code}</li>
            ))}
          </ol>
        </div>
        <Button onClick={() => window.location.assign('/orders')}>{t('continue')}</Button>
      </div>
    );
  }

  if (!pending) {
    return (
      <div className="space-y-3">
        {error ? <Notice tone="error">{error}</Notice> : null}
        {startFields(t('start'))}
      </div>
    );
  }

  const { errors, isSubmitting } = form.formState;
  return (
    <div className="space-y-5">
      {error ? <Notice tone="error">{error}</Notice> : null}
      <div className="space-y-2">
        <h2 className="text-sm font-semibold">{t('scan')}</h2>
        {/* biome-ignore lint/performance/noImgElement: a data URL rendered on the server; nothing to optimise. */}
        <img src={pending.qrDataUrl} alt={t('qrAlt')} width={200} height={200} className="rounded border" />
        <p className="text-sm text-slate-600">{t('manual')}</p>
        <code data-testid="totp-secret" className="block select-all font-mono text-sm tracking-wider">
          {pending.secret}
        </code>
      </div>
      <form onSubmit={form.handleSubmit(confirm)} className="space-y-3" noValidate>
        <h2 className="text-sm font-semibold">{t('confirm')}</h2>
        <Field id="totp-code" label={t('code')} error={errors.code?.message}>
          <Input
            id="totp-code"
            inputMode="numeric"
            autoComplete="one-time-code"
            className="w-40"
            aria-invalid={!!errors.code}
            {...form.register('code')}
          />
        </Field>
        <Button type="submit" disabled={isSubmitting}>
          {isSubmitting ? t('submitting') : t('submit')}
        </Button>
      </form>
      {startFields(t('restart'), 'ghost')}
    </div>
  );
}
