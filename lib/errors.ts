/**
 * Typed errors. Verbs throw these; the action client and route handlers map them to a safe
 * `{ code, message, fieldErrors }` — the browser never sees a raw exception or stack.
 */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'VALIDATION'
  | 'RATE_LIMITED'
  | 'GATEWAY_UNAVAILABLE'
  | 'INTERNAL';

export type FieldErrors = Record<string, string[]>;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    /** Safe to show to the signed-in staff member. */
    readonly publicMessage: string,
    readonly fieldErrors?: FieldErrors,
  ) {
    super(publicMessage);
    this.name = 'AppError';
  }
}

export class UnauthenticatedError extends AppError {
  constructor() {
    super('UNAUTHENTICATED', 'Please sign in again.');
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'You are not allowed to do this.') {
    super('FORBIDDEN', message);
  }
}

/** Also used for records outside the caller's scope, so their existence is not confirmed. */
export class NotFoundError extends AppError {
  constructor(what = 'Record') {
    super('NOT_FOUND', `${what} not found.`);
  }
}

export class ConflictError extends AppError {
  constructor(message: string) {
    super('CONFLICT', message);
  }
}

export class ValidationError extends AppError {
  constructor(fieldErrors: FieldErrors, message = 'Please correct the highlighted fields.') {
    super('VALIDATION', message, fieldErrors);
  }
}

export class RateLimitedError extends AppError {
  constructor() {
    super('RATE_LIMITED', 'Too many attempts. Please wait a few minutes and try again.');
  }
}

export class GatewayUnavailableError extends AppError {
  constructor(message = 'eftPay did not answer. Nothing was changed; please try again shortly.') {
    super('GATEWAY_UNAVAILABLE', message);
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
  return { code: 'INTERNAL', message: 'Something went wrong. The error was logged.' };
}
