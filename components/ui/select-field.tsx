import type { ReactNode } from 'react';
import { Field } from './field';
import { Select } from './input';

/**
 * A labelled drop-down with an optional leading "any" choice and its field-level error — the
 * shape every list filter uses (orders, refunds, audit log).
 */
export function SelectField({
  id,
  name,
  label,
  defaultValue,
  error,
  emptyLabel,
  options,
}: {
  id: string;
  name: string;
  label: ReactNode;
  defaultValue?: string | null;
  error?: string;
  /** The label of the empty choice ("Any"); omitted = no empty choice. */
  emptyLabel?: ReactNode;
  options: ReadonlyArray<{ value: string; label: ReactNode }>;
}) {
  return (
    <Field id={id} label={label} error={error}>
      <Select id={id} name={name} defaultValue={defaultValue ?? ''} aria-invalid={error ? true : undefined}>
        {emptyLabel === undefined ? null : <option value="">{emptyLabel}</option>}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </Select>
    </Field>
  );
}
