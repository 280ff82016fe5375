'use client';

import { useStepUp } from '@/components/auth/step-up';
import { zodResolver } from '@hookform/resolvers/zod';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { Button } from '@/components/ui/button';
import { Card, Notice } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { Input, Select } from '@/components/ui/input';
import { createStaffAction } from '@/lib/actions/staff';
import { ROLES } from '@/lib/auth/permissions';
import { StaffCreateForm } from '@/lib/staff/schemas';
import { useActionResult } from '@/components/forms/action-result';
import { OneTimePassword } from './one-time-password';
import { StoreCheckboxes, type StoreOption } from './store-checkboxes';

type Values = z.input<typeof StaffCreateForm>;
type Parsed = z.output<typeof StaffCreateForm>;

export function CreateStaffForm({ stores }: { stores: StoreOption[] }) {
  const t = useTranslations('staff.create');
  const tr = useTranslations('nav.roles');
  const readResult = useActionResult();
  const stepUp = useStepUp();
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ id: string; name: string; password: string } | null>(null);
  const form = useForm<Values, unknown, Parsed>({
    resolver: zodResolver(StaffCreateForm),
    defaultValues: { email: '', name: '', role: 'manager', storeIds: [] },
  });

  async function onSubmit(values: Parsed) {
    setError(null);
    const result = await stepUp(() => createStaffAction(values));
    const message = readResult(result, form).text;
    if (message || !result?.data) {
      setError(message);
      return;
    }
    setCreated({ id: result.data.id, name: values.name.trim(), password: result.data.oneTimePassword ?? '' });
  }

  if (created) {
    return (
      <Card className="max-w-xl space-y-4">
        <Notice tone="success">{t('created', { name: created.name })}</Notice>
        <OneTimePassword
          label={t('oneTimePassword')}
          hint={t('oneTimePasswordHint', { name: created.name })}
          password={created.password}
        />
        <div className="flex gap-3">
          <Button asChild variant="secondary">
            <Link href={`/staff/${created.id}`}>{t('open', { name: created.name })}</Link>
          </Button>
          <Button
            variant="ghost"
            onClick={() => {
              form.reset();
              setCreated(null);
            }}
          >
            {t('another')}
          </Button>
        </div>
      </Card>
    );
  }

  const { errors, isSubmitting } = form.formState;
  return (
    <Card className="max-w-xl">
      <form onSubmit={form.handleSubmit(onSubmit)} className="space-y-4" noValidate>
        {error ? <Notice tone="error">{error}</Notice> : null}
        <Field id="name" label={t('name')} error={errors.name?.message}>
          <Input id="name" autoComplete="off" aria-invalid={!!errors.name} {...form.register('name')} />
        </Field>
        <Field id="email" label={t('email')} error={errors.email?.message}>
          <Input id="email" type="email" autoComplete="off" aria-invalid={!!errors.email} {...form.register('email')} />
        </Field>
        <Field id="role" label={t('role')} error={errors.role?.message}>
          <Select id="role" aria-invalid={!!errors.role} {...form.register('role')}>
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {tr(role)}
              </option>
            ))}
          </Select>
        </Field>
        <StoreCheckboxes
          legend={t('stores')}
          hint={t('storesHint')}
          stores={stores}
          error={errors.storeIds?.message}
          register={form.register('storeIds')}
        />
        <Button type="submit" disabled={isSubmitting} data-primary-action="">
          {isSubmitting ? t('submitting') : t('submit')}
        </Button>
      </form>
    </Card>
  );
}
