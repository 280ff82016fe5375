import { type MessageKey, type MessageParams, msg } from '@/lib/shared/messages';

/**
 * Typed errors. Verbs throw these; the action client and route handlers map them to a safe
 * `{ code, message, fieldErrors }` — the browser never sees a raw exception or stack. Messages are
 * never sentences: each is a key of the `errors` catalogue with its parameters, encoded by `msg`
 * (lib/shared/messages.ts), and the edge translates it into the reader's language.
 */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'VALIDATION'
  | 'RATE_LIMITED'
  | 'STEP_UP_REQUIRED'
  | 'GATEWAY_UNAVAILABLE'
  | 'INTERNAL';

/** `{ field: [encoded messages] }` — the shape forms and actions speak. */
export type FieldErrors = Record<string, string[]>;

export class AppError extends Error {
  /**
   * Set by a verb that already wrote this refusal into the audit log under its own event (and
   * committed it), so the action client does not record it a second time (docs/adr/0012).
   */
  auditedAs: string | null = null;

  constructor(
    readonly code: ErrorCode,
    /** An encoded message (`msg(key, params)`), safe to show once translated. */
    readonly publicMessage: string,
    readonly fieldErrors?: FieldErrors,
  ) {
    super(publicMessage);
    this.name = 'AppError';
  }
}

export class UnauthenticatedError extends AppError {
  constructor() {
    super('UNAUTHENTICATED', msg('errors.unauthenticated'));
  }
}

export class ForbiddenError extends AppError {
  constructor(key: MessageKey = 'errors.forbidden') {
    super('FORBIDDEN', msg(key));
  }
}

type NotFoundKey = Extract<MessageKey, `errors.not_found.${string}`>;

/** Also used for records outside the caller's scope, so their existence is not confirmed. */
export class NotFoundError extends AppError {
  constructor(key: NotFoundKey = 'errors.not_found.record') {
    super('NOT_FOUND', msg(key));
  }
}

export class ConflictError extends AppError {
  constructor(key: MessageKey, params?: MessageParams) {
    super('CONFLICT', msg(key, params));
  }
}

/** Field errors: `{ amount: [msg('errors.refund.exceeds_remainder', { maxCents })] }`. */
export class ValidationError extends AppError {
  constructor(fieldErrors: FieldErrors, key: MessageKey = 'errors.validation', params?: MessageParams) {
    super('VALIDATION', msg(key, params), fieldErrors);
  }
}

/**
 * Input the form's own schema rejects (parsed again by the verb): nothing was looked up or
 * changed, and the field messages are the whole answer. Not a refusal: not audited (docs/adr/0012).
 */
export class InvalidInputError extends ValidationError {}

/** Marks a refusal the verb has audited itself (committed), under `event`. */
export function auditedAs<E extends AppError>(error: E, event: string): E {
  error.auditedAs = event;
  return error;
}

/** One field's error, the common case. */
export function fieldError(field: string, key: MessageKey, params?: MessageParams): ValidationError {
  return new ValidationError({ [field]: [msg(key, params)] });
}

/**
 * A protected action (refund, approval, close, staff change) asked for a fresh proof of presence
 * and none is recent enough (docs/adr/0014): the browser asks for the code or password and sends
 * the same action again. Not a refusal: nothing was decided, nothing is audited.
 */
export class StepUpRequiredError extends AppError {
  constructor(method: 'totp' | 'password') {
    super(
      'STEP_UP_REQUIRED',
      msg(method === 'totp' ? 'errors.step_up.required_totp' : 'errors.step_up.required_password'),
    );
  }
}

export class RateLimitedError extends AppError {
  constructor() {
    super('RATE_LIMITED', msg('errors.rate_limited'));
  }
}

export class GatewayUnavailableError extends AppError {
  constructor() {
    super('GATEWAY_UNAVAILABLE', msg('errors.gateway_unavailable'));
  }
}

export interface PublicError {
  code: ErrorCode;
  message: string;
  fieldErrors?: FieldErrors;
}

export function toPublicError(error: unknown): PublicError {
  if (error instanceof AppError) {
    return { code: error.code, message: error.publicMessage, fieldErrors: error.fieldErrors };
  }
  return { code: 'INTERNAL', message: msg('errors.generic') };
}
