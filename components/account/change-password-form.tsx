'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useActionResult } from '@/components/forms/action-result';
import { FormInput } from '@/components/forms/form-input';
import { Button } from '@/components/ui/button';
import { Card, Notice } from '@/components/ui/card';
import { changeOwnPasswordAction } from '@/lib/actions/account';
import { ChangeOwnPasswordInput } from '@/lib/staff/schemas';

export function ChangePasswordForm() {
  const t = useTranslations('staff.account.password');
  const readResult = useActionResult();
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const form = useForm<ChangeOwnPasswordInput>({
    resolver: zodResolver(ChangeOwnPasswordInput),
    defaultValues: { currentPassword: '', newPassword: '', confirmPassword: '' },
  });

  async function onSubmit(values: ChangeOwnPasswordInput) {
    setError(null);
    const result = await changeOwnPasswordAction(values);
    const read = readResult(result, form);
    if (!read.ok) {
      setError(read.text);
      return;
    }
    setDone(true);
  }

  if (done) {
    return (
      <Card className="space-y-4">
        <Notice tone="success" data-testid="password-changed">
          {t('changed')}
        </Notice>
        {/* A full navigation: the console re-checks what the account still has to set up. */}
        <Button onClick={() => window.location.assign('/orders')}>{t('continue')}</Button>
      </Card>
    );
  }

  const { isSubmitting } = form.formState;
  return (
    <Card>
      <form onSubmit={form.handleSubmit(onSubmit)} className="space-y-4" noValidate>
        {error ? <Notice tone="error">{error}</Notice> : null}
        <FormInput
          form={form}
          name="currentPassword"
          label={t('current')}
          type="password"
          autoComplete="current-password"
        />
        <FormInput
          form={form}
          name="newPassword"
          label={t('new')}
          hint={t('newHint')}
          type="password"
          autoComplete="new-password"
        />
        <FormInput
          form={form}
          name="confirmPassword"
          label={t('confirm')}
          type="password"
          autoComplete="new-password"
        />
        <Button type="submit" disabled={isSubmitting} data-primary-action="">
          {isSubmitting ? t('submitting') : t('submit')}
        </Button>
      </form>
    </Card>
  );
}
