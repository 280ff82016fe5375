import type { FieldValues, Path, UseFormReturn } from 'react-hook-form';

/** The parts of a next-safe-action result that carry a refusal (see lib/actions/safe-action.ts). */
export interface ActionOutcome {
  serverError?: { code: string; message: string; fieldErrors?: Record<string, string[]> };
  validationErrors?: { formErrors?: string[]; fieldErrors?: Partial<Record<string, string[]>> };
}

/**
 * Puts an action's field errors on the form's fields and returns the message for the rest (or null
 * when the action succeeded). The server's messages are already safe to show.
 */
export function showActionErrors<T extends FieldValues>(
  form: UseFormReturn<T> | null,
  result: ActionOutcome | undefined,
  fallback: string,
): string | null {
  if (!result) return fallback;
  const fields = { ...result.validationErrors?.fieldErrors, ...result.serverError?.fieldErrors };
  let placed = false;
  for (const [name, messages] of Object.entries(fields)) {
    if (!messages?.length || !form) continue;
    form.setError(name as Path<T>, { message: messages[0] });
    placed = true;
  }
  if (result.serverError) return placed ? null : result.serverError.message;
  if (result.validationErrors) return placed ? null : (result.validationErrors.formErrors?.[0] ?? fallback);
  return null;
}

/** True when the action ran to completion. */
export function succeeded(result: ActionOutcome | undefined): boolean {
  return !!result && !result.serverError && !result.validationErrors;
}
