import 'server-only';
import pino from 'pino';

/**
 * Structured logs. Anything that could carry a secret or a password is redacted by path; the
 * eftPay secret is never passed to a logger in the first place.
 */
export const log = pino({
  level: process.env.LOG_LEVEL ?? 'info',
  redact: {
    paths: ['password', '*.password', 'secret', '*.secret', 'secretCode', '*.secretCode', 'totp', '*.totp'],
    censor: '[redacted]',
  },
  base: undefined,
});
