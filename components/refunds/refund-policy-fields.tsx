'use client';

import type { ComponentProps, ReactNode } from 'react';
import type { FieldError, UseFormReturn } from 'react-hook-form';
import type { z } from 'zod';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import type { RefundPolicyForm, RefundPolicyFormInput } from '@/lib/refunds/policy-schemas';

export type PolicyForm = UseFormReturn<RefundPolicyFormInput, unknown, z.output<typeof RefundPolicyForm>>;
export type PolicyPath = Parameters<PolicyForm['register']>[0];

/** The error react-hook-form holds at a dotted path (`stores.0.approvalThreshold`), set by the schema or the server. */
export function errorAt(form: PolicyForm, name: string): string | undefined {
  let node: unknown = form.formState.errors;
  for (const part of name.split('.'))
    node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
  return (node as FieldError | undefined)?.message;
}

/**
 * One text field of the policy form: labelled, its hint, and its error — the schema's or the
 * server's (`fieldErrors` keyed by the same dotted path) — shown beside it and tied to it.
 */
export function PolicyInput({
  form,
  name,
  id,
  label,
  hint,
  testId,
  also,
  ...input
}: {
  form: PolicyForm;
  name: PolicyPath;
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  testId: string;
  /** Another path whose error belongs to this field (a store row's unknown store id). */
  also?: string;
} & Pick<ComponentProps<typeof Input>, 'inputMode'>) {
  const error = errorAt(form, name) ?? (also ? errorAt(form, also) : undefined);
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      <Input
        id={id}
        autoComplete="off"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        data-testid={testId}
        {...input}
        {...form.register(name)}
      />
    </Field>
  );
}
