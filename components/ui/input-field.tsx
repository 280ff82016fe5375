import type { ComponentProps, ReactNode } from 'react';
import { Field } from './field';
import { Input } from './input';

/**
 * A labelled single-line input with its hint and its field-level error, marked invalid while it
 * has one — the shape of every text, date, amount and password field (filters, sign-in, account).
 * Everything else (name, type, autoComplete, a react-hook-form `register`) goes to the input.
 */
export function InputField({
  id,
  label,
  hint,
  error,
  ...input
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
} & Omit<ComponentProps<typeof Input>, 'id'>) {
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      <Input id={id} aria-invalid={error ? true : undefined} {...input} />
    </Field>
  );
}
