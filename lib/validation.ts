import type { FieldErrors } from './errors';

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
