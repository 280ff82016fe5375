import type { z } from 'zod';
import { type FieldErrors, InvalidInputError } from './errors';

/** zod issues → `{ field: [messages] }`, the shape forms and actions speak. */
export function fieldErrorsOf(error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> }): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? 'form');
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
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new InvalidInputError(fieldErrorsOf(parsed.error));
  return parsed.data;
}
