'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { signIn } from 'next-auth/react';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { FormInput } from '@/components/forms/form-input';
import { Button } from '@/components/ui/button';
import { Notice } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { safeCallbackPath } from './callback-path';

const KNOWN_ERRORS = ['invalid', 'rate_limited', 'second_factor_required'] as const;
type KnownError = (typeof KNOWN_ERRORS)[number];

export function LoginForm({ callbackUrl }: { callbackUrl?: string }) {
  const t = useTranslations('auth');
  const [error, setError] = useState<KnownError | 'generic' | null>(null);
  const [needsCode, setNeedsCode] = useState(false);

  const schema = z.object({
    email: z.string().trim().min(1, t('errors.emailRequired')),
    password: z.string().min(1, t('errors.passwordRequired')),
    code: z.string().trim().optional(),
  });
  type Values = z.infer<typeof schema>;
  const form = useForm<Values>({ resolver: zodResolver(schema), defaultValues: { email: '', password: '', code: '' } });

  async function onSubmit(values: Values) {
    setError(null);
    // No `code` key at all without a code: next-auth form-encodes the options, and an undefined value
    // would arrive as the text "undefined" — a wrong second factor.
    const { code: secondFactor, ...credentials } = values;
    const result = await signIn('credentials', {
      ...credentials,
      ...(secondFactor ? { code: secondFactor } : {}),
      redirect: false,
    });
    if (result?.ok && !result.error) {
      // A full navigation, so the new session cookie is sent with the next request.
      window.location.assign(safeCallbackPath(callbackUrl));
      return;
    }
    const code = (KNOWN_ERRORS as readonly string[]).includes(result?.error ?? '')
      ? (result?.error as KnownError)
      : 'generic';
    if (code === 'second_factor_required') setNeedsCode(true);
    setError(code);
  }

  const { isSubmitting } = form.formState;
  return (
    <form onSubmit={form.handleSubmit(onSubmit)} className="space-y-4" noValidate>
      {error ? (
        <Notice tone={error === 'second_factor_required' ? 'info' : 'error'} data-testid="sign-in-error">
          {t(`errors.${error}`)}
        </Notice>
      ) : null}
      <FormInput form={form} name="email" label={t('email')} type="email" autoComplete="username" />
      <FormInput form={form} name="password" label={t('password')} type="password" autoComplete="current-password" />
      {needsCode ? (
        <Field id="code" label={t('code')} hint={t('codeHint')}>
          <Input id="code" inputMode="numeric" autoComplete="one-time-code" autoFocus {...form.register('code')} />
        </Field>
      ) : null}
      <Button type="submit" className="w-full" disabled={isSubmitting}>
        {isSubmitting ? t('submitting') : t('submit')}
      </Button>
    </form>
  );
}
