'use client';

import type { ComponentProps } from 'react';
import type { FieldValues, Path, UseFormReturn } from 'react-hook-form';
import { InputField } from '@/components/ui/input-field';

/**
 * An InputField for one field of a react-hook-form form: the field's name is the input's id and
 * name, and the form's error for it (schema or server) is shown and marks it invalid.
 */
export function FormInput<Values extends FieldValues>({
  form,
  name,
  ...field
}: {
  form: UseFormReturn<Values>;
  name: Path<Values>;
} & Omit<ComponentProps<typeof InputField>, 'id' | 'name' | 'error' | 'form'>) {
  const { error } = form.getFieldState(name, form.formState);
  return <InputField id={name} error={error?.message} {...field} {...form.register(name)} />;
}
