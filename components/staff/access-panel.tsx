'use client';

import { useStepUp } from '@/components/auth/step-up';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { Notice } from '@/components/ui/card';
import {
  deactivateStaffAction,
  reactivateStaffAction,
  resetStaffPasswordAction,
  resetStaffTwoFactorAction,
  unlockStaffAction,
} from '@/lib/actions/staff';
import { type ActionResult, useActionResult } from '@/components/forms/action-result';
import { OneTimePassword } from './one-time-password';

/** Deactivate / reactivate, unlock, reset password, reset two-factor — each one action. */
export function AccessPanel({
  staffId,
  name,
  active,
  locked,
  totpEnabled,
}: {
  staffId: string;
  name: string;
  active: boolean;
  locked: boolean;
  totpEnabled: boolean;
}) {
  const t = useTranslations('staff.detail');
  const readResult = useActionResult();
  const stepUp = useStepUp();
  const tcreate = useTranslations('staff.create');
  const router = useRouter();
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const [password, setPassword] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function run(action: () => Promise<ActionResult>) {
    setPassword(null);
    startTransition(async () => {
      const result = await stepUp(action);
      const error = readResult(result).text;
      setMessage(error ? { tone: 'error', text: error } : { tone: 'success', text: t('saved') });
      const issued = (result?.data as { oneTimePassword?: string } | undefined)?.oneTimePassword;
      if (issued) setPassword(issued);
      if (!error) router.refresh();
    });
  }

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap gap-3">
        {active ? (
          <Button variant="danger" disabled={pending} onClick={() => run(() => deactivateStaffAction({ staffId }))}>
            {t('deactivate')}
          </Button>
        ) : (
          <Button variant="secondary" disabled={pending} onClick={() => run(() => reactivateStaffAction({ staffId }))}>
            {t('reactivate')}
          </Button>
        )}
        {locked ? (
          <Button variant="secondary" disabled={pending} onClick={() => run(() => unlockStaffAction({ staffId }))}>
            {t('unlock')}
          </Button>
        ) : null}
        <Button variant="secondary" disabled={pending} onClick={() => run(() => resetStaffPasswordAction({ staffId }))}>
          {t('resetPassword')}
        </Button>
        {totpEnabled ? (
          <Button
            variant="secondary"
            disabled={pending}
            onClick={() => run(() => resetStaffTwoFactorAction({ staffId }))}
          >
            {t('resetTwoFactor')}
          </Button>
        ) : null}
      </div>
      <ul className="list-disc space-y-1 pl-5 text-xs text-slate-500">
        <li>{t('deactivateHint')}</li>
        <li>{t('resetPasswordHint')}</li>
        {totpEnabled ? <li>{t('resetTwoFactorHint')}</li> : null}
      </ul>
      {message ? (
        <Notice tone={message.tone} data-testid="access-message">
          {message.text}
        </Notice>
      ) : null}
      {password ? (
        <OneTimePassword label={t('newPassword')} hint={tcreate('oneTimePasswordHint', { name })} password={password} />
      ) : null}
    </div>
  );
}
