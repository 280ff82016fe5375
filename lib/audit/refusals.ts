import 'server-only';
import { and, eq, gt, sql } from 'drizzle-orm';
import type { Db } from '@/db/connect';
import { auditLog } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actor';
import { AppError, type ErrorCode, InvalidInputError } from '@/lib/errors';
import { type AuditEntry, recordAudit } from './record';

/**
 * The one rule for refusals (docs/adr/0012).
 *
 * - Every refused action of a signed-in staff member is audited, after the verb's transaction has
 *   rolled back, in a transaction of its own: `action.refused`, naming the action, the answer
 *   (code and message) and what was asked for — or under the verb's own event when it recorded the
 *   refusal itself (`order.find_refused`, `auth.password_change_failed`…). Input the form's schema
 *   rejects is not a refusal (nothing was looked up); neither is eftPay not answering, nor a fault.
 * - A refused read (a record page or API read outside the caller's stores, a page the role may
 *   not open) is audited as `access.refused` / `access.denied`, at most once a minute for one staff
 *   member and one path, so reloading a page cannot fill the log.
 * - Anonymous traffic writes no audit rows at all; what it leaves is bounded elsewhere
 *   (rejected notifications, sign-in attempts: docs/adr/0013).
 */

/** Answers that decide nothing: eftPay not answering, a fault, no session, a proof of presence asked for. */
const NOT_REFUSALS = new Set<ErrorCode>(['GATEWAY_UNAVAILABLE', 'INTERNAL', 'UNAUTHENTICATED', 'STEP_UP_REQUIRED']);

/** Whether this answer to an action is a refusal the action client must audit. */
export function isAuditableRefusal(error: unknown): error is AppError {
  if (!(error instanceof AppError)) return false;
  if (error.auditedAs !== null || error instanceof InvalidInputError) return false;
  return !NOT_REFUSALS.has(error.code);
}

const SECRET_FIELD = /password|secret|token|code|otp|proof/i;
const MAX_TEXT = 200;
const MAX_FIELDS = 12;

/**
 * What was asked for, as the audit row keeps it: top-level fields only, texts cut to 200
 * characters, lists to their first ten entries, and never a password or a one-time code.
 */
export function askedFor(input: unknown): Record<string, unknown> {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return {};
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(input).slice(0, MAX_FIELDS)) {
    if (SECRET_FIELD.test(name)) continue;
    const kept = keep(value);
    if (kept !== undefined) out[name] = kept;
  }
  return out;
}

function keep(value: unknown): unknown {
  if (typeof value === 'string') return value.length > MAX_TEXT ? `${value.slice(0, MAX_TEXT)}…` : value;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
  if (Array.isArray(value))
    return value.slice(0, 10).map((v) => (typeof v === 'string' || typeof v === 'number' ? keep(v) : null));
  return undefined;
}

/** The first field message of a field error, else the error's own message. */
function answerOf(error: AppError): { field: string | null; message: string } {
  for (const [field, messages] of Object.entries(error.fieldErrors ?? {})) {
    if (messages[0]) return { field, message: messages[0] };
  }
  return { field: null, message: error.publicMessage };
}

/** `action.refused` for a refused action, in its own transaction (the verb's has rolled back). */
export async function recordActionRefusal(
  db: Db,
  actor: StaffActor,
  refusal: { action: string; error: AppError; input: unknown },
): Promise<void> {
  const { field, message } = answerOf(refusal.error);
  await db.transaction((tx) =>
    recordAudit(tx, actor, {
      action: 'action.refused',
      entityType: 'action',
      entityId: refusal.action,
      data: {
        code: refusal.error.code,
        message,
        ...(field ? { field } : {}),
        input: askedFor(refusal.input),
      },
    }),
  );
}

/** How long one staff member's refusals of one read are counted as one. */
export const READ_REFUSAL_WINDOW_SECONDS = 60;

/**
 * An audit row for a refused read, unless the same staff member was refused the same thing
 * (`entry.action` + `entry.entityId`) within the last minute. The check and the insert run under
 * a transaction-scoped advisory lock on that pair, so two instances or two tabs write one row.
 */
export async function recordReadRefusal(
  db: Db,
  actor: StaffActor,
  entry: AuditEntry & { action: 'access.refused' | 'access.denied'; entityId: string },
  { windowSeconds = READ_REFUSAL_WINDOW_SECONDS }: { windowSeconds?: number } = {},
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtextextended(${`${entry.action}|${actor.staffId}|${entry.entityId}`}, 0))`,
    );
    const [recent] = await tx
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(
        and(
          eq(auditLog.actorStaffId, actor.staffId),
          gt(auditLog.at, sql`now() - make_interval(secs => ${windowSeconds})`),
          eq(auditLog.action, entry.action),
          eq(auditLog.entityId, entry.entityId),
        ),
      )
      .limit(1);
    if (!recent) await recordAudit(tx, actor, entry);
  });
}
