import { useLocale, useTranslations } from 'next-intl';
import type { FieldValues, Path, UseFormReturn } from 'react-hook-form';
import type { ErrorCode, PublicError } from '@/lib/errors';
import { messageText } from '@/lib/i18n/message-text';
import { msg } from '@/lib/shared/messages';

/** What a next-safe-action call resolves to (lib/actions/safe-action.ts). */
export interface ActionResult<Data = unknown> {
  data?: Data;
  serverError?: PublicError;
  validationErrors?: { formErrors?: string[]; fieldErrors?: Partial<Record<string, string[]>> };
}

export type ReadResult<Data> =
  | { ok: true; data: Data }
  | {
      ok: false;
      code: ErrorCode;
      /** One message for what no field shows (encoded: show it with `messageText`), or null. */
      message: string | null;
      /** Every field error, whether or not a form field showed it. */
      fieldErrors: Record<string, string[]>;
    };

/**
 * The one way a component reads an action's result. Field errors arrive on two channels — the
 * action client's schema check (`validationErrors`) and the verb's own rules (`serverError.fieldErrors`)
 * — and are merged; when a form is given they are put on its fields. What no field shows comes back
 * as one message. No result at all (the request failed) reads as "Something went wrong".
 */
export function readActionResult<Data, Values extends FieldValues = FieldValues>(
  result: ActionResult<Data> | undefined,
  form?: UseFormReturn<Values> | null,
  fields?: readonly string[],
): ReadResult<Data> {
  if (!result) return { ok: false, code: 'INTERNAL', message: msg('errors.generic'), fieldErrors: {} };
  if (!result.serverError && !result.validationErrors) return { ok: true, data: result.data as Data };

  const fieldErrors: Record<string, string[]> = {};
  for (const [name, messages] of Object.entries({
    ...result.validationErrors?.fieldErrors,
    ...result.serverError?.fieldErrors,
  })) {
    if (messages?.length) fieldErrors[name] = messages;
  }
  let placed = false;
  if (form) {
    for (const [name, messages] of Object.entries(fieldErrors)) {
      if (fields && !fields.includes(name)) continue;
      form.setError(name as Path<Values>, { message: messages[0] });
      placed = true;
    }
  }
  const code: ErrorCode = result.serverError?.code ?? 'VALIDATION';
  const message = placed
    ? null
    : (Object.values(fieldErrors)[0]?.[0] ??
      result.validationErrors?.formErrors?.[0] ??
      result.serverError?.message ??
      msg('errors.generic'));
  return { ok: false, code, message, fieldErrors };
}

/**
 * `readActionResult` with its message in the reader's language (`text`: null when the action
 * succeeded or every error is shown on a field). For client components.
 */
export function useActionResult() {
  const t = useTranslations();
  const locale = useLocale();
  return <Data, Values extends FieldValues = FieldValues>(
    result: ActionResult<Data> | undefined,
    form?: UseFormReturn<Values> | null,
    fields?: readonly string[],
  ) => {
    const read = readActionResult(result, form, fields);
    return { ...read, text: read.ok || !read.message ? null : messageText(t, read.message, locale) };
  };
}
