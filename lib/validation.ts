import type { z } from 'zod';
import { type FieldErrors, InvalidInputError } from './errors';

/**
 * zod issues → `{ field: [messages] }`, the shape forms and actions speak. With `byPath`, a nested
 * field is named by its whole path (`roles.manager.perDay`, `stores.0.storeId`), as a form of
 * nested fields names it; otherwise by its top-level field.
 */
export function fieldErrorsOf(
  error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> },
  { byPath = false }: { byPath?: boolean } = {},
): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = byPath && issue.path.length > 0 ? issue.path.map(String).join('.') : String(issue.path[0] ?? 'form');
    const messages = out[key] ?? [];
    messages.push(issue.message);
    out[key] = messages;
  }
  return out;
}

/**
 * The first line of every verb: its input parsed again with the form's own schema (a verb is also
 * called by jobs and tests, not only through the action client), or field errors.
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  options: { byPath?: boolean } = {},
): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new InvalidInputError(fieldErrorsOf(parsed.error, options));
  return parsed.data;
}
