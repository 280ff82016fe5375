import type { FieldErrors } from '@/lib/errors';

/**
 * Binds a list's filter form to what the URL holds and to the server's field errors:
 * `field('min')` is `{ id: 'orders-min', name: 'min', defaultValue, error }`, to spread on an
 * InputField or a SelectField. The form is remounted when the URL changes, so defaults suffice.
 */
export function filterFields(
  idPrefix: string,
  values: Readonly<Record<string, string | null | undefined>>,
  fieldErrors: FieldErrors,
) {
  return (name: string) => ({
    id: `${idPrefix}-${name}`,
    name,
    defaultValue: values[name] ?? '',
    error: fieldErrors[name]?.[0],
  });
}
