import 'server-only';
import path from 'node:path';
import { z } from 'zod';

/**
 * Configuration, validated once at start-up with messages that say what to fix. Nothing here is
 * ever sent to the browser; the eftPay secret is only read by the gateway module.
 */
const boolish = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .optional()
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** The console's own role: least privilege when DATABASE_OWNER_URL is set (db/grants.ts). */
  DATABASE_URL: z
    .string()
    .url()
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /**
   * The role that owns the tables: migrations run as it at start-up, and it grants DATABASE_URL's
   * role what the console needs — the audit tables only SELECT and INSERT. Unset: one role does both.
   */
  DATABASE_OWNER_URL: z
    .string()
    .url()
    .optional()
    .or(z.literal('').transform(() => undefined)),
  PGLITE_DIR: z.string().default(path.join('.data', 'pglite')),
  AUTH_SECRET: z.string().min(32, 'AUTH_SECRET must be at least 32 characters (e.g. `openssl rand -hex 32`)'),
  APP_URL: z.string().url().default('http://localhost:3000'),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  /** Absolute session lifetime: a session this old ends at its next request, however active. */
  SESSION_MAX_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24)
    .default(12),
  /**
   * How many proxies we run in front of the app, each appending to X-Forwarded-For; the client
   * address is that many entries from the right (lib/auth/request-info.ts). 0: no header is trusted.
   */
  TRUSTED_PROXY_HOPS: z.coerce
    .number()
    .int('TRUSTED_PROXY_HOPS is a whole number of proxies')
    .min(0)
    .max(10)
    .default(0),
  EFTPAY_BASE_URL: z.string().url('EFTPAY_BASE_URL must be a URL such as https://vmp.eftpay.com.cn/VMP'),
  EFTPAY_USER_CONFIRM_KEY: z.string().min(1).max(12, 'EFTPAY_USER_CONFIRM_KEY is at most 12 characters'),
  EFTPAY_SECRET_CODE: z.string().min(8, 'EFTPAY_SECRET_CODE is required (from eftPay; never commit it)'),
  /** Public base URL eftPay can reach for notifications; notify_url = this + /api/eftpay/notify. */
  EFTPAY_NOTIFY_BASE_URL: z.string().url().optional(),
  EFTPAY_CONNECT_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  EFTPAY_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  /** Must be set for a production build to talk to the project's sandbox gateway. */
  EFTPAY_SANDBOX: boolish,
  /** Run the background worker (reconciler) in this process. */
  WORKER_ENABLED: z
    .enum(['1', '0', 'true', 'false'])
    .default('1')
    .transform((v) => v === '1' || v === 'true'),
  RECONCILE_INTERVAL_SECONDS: z.coerce.number().int().min(5).default(60),
  CLOSE_MIN_AGE_MINUTES: z.coerce.number().int().min(0).default(15),
  /** Days a refused notification's bounded record is kept (lib/jobs/retention.ts). */
  NOTIFY_REJECT_RETENTION_DAYS: z.coerce
    .number()
    .int('NOTIFY_REJECT_RETENTION_DAYS is a whole number of days')
    .min(1)
    .max(3_650)
    .default(30),
  /**
   * Days a sign-in attempt is kept. At least one: the per-address limit reads the last 15 minutes
   * of attempts (lib/auth/sign-in.ts), so retention never shortens it.
   */
  SIGN_IN_ATTEMPT_RETENTION_DAYS: z.coerce
    .number()
    .int('SIGN_IN_ATTEMPT_RETENTION_DAYS is a whole number of days')
    .min(1, 'SIGN_IN_ATTEMPT_RETENTION_DAYS is at least 1 (the sign-in rate limit reads the last 15 minutes)')
    .max(3_650)
    .default(90),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Env = z.infer<typeof EnvSchema>;

const NAMES = Object.keys(EnvSchema.shape);
let cached: { input: string; value: Env } | undefined;

/**
 * The configuration, parsed again only when one of its variables changed since the last call (in
 * production, never after start-up).
 */
export function env(): Env {
  const input = JSON.stringify(NAMES.map((name) => process.env[name]));
  if (cached?.input === input) return cached.value;
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const value = parsed.data;
  if (value.NODE_ENV === 'production' && !value.EFTPAY_SANDBOX && isSandboxUrl(value.EFTPAY_BASE_URL)) {
    throw new Error(
      'Invalid configuration:\n  - EFTPAY_BASE_URL points at a local sandbox in a production build; set EFTPAY_SANDBOX=1 to allow it.',
    );
  }
  const roles = databaseRolesProblem(value);
  if (roles) throw new Error(`Invalid configuration:\n  - ${roles}`);
  cached = { input, value };
  return value;
}

/** The two database URLs must name two roles of one PostgreSQL database (PGlite has one role). */
function databaseRolesProblem(value: Env): string | undefined {
  if (!value.DATABASE_OWNER_URL) return undefined;
  if (!value.DATABASE_URL) {
    return 'DATABASE_OWNER_URL: needs DATABASE_URL as well (the role the console runs as); the embedded PGlite has one role';
  }
  const owner = new URL(value.DATABASE_OWNER_URL);
  const runtime = new URL(value.DATABASE_URL);
  if (owner.username && owner.username === runtime.username) {
    return `DATABASE_OWNER_URL: signs in as ${decodeURIComponent(owner.username)}, the role of DATABASE_URL; the owner must be another role`;
  }
  return undefined;
}

function isSandboxUrl(url: string): boolean {
  const host = new URL(url).hostname;
  return host === 'localhost' || host === '127.0.0.1' || host === '::1' || host === '[::1]';
}
