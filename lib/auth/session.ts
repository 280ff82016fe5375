import 'server-only';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '@/db/connect';
import { staffSessions, staffStores, staffUsers } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import type { StaffActor } from './actor';
import { scopeFor } from './scope';

/** Sessions are touched at most this often, so idle expiry is exact to within this margin. */
const TOUCH_EVERY_MS = 30_000;

/** The absolute lifetime when none is given (`SESSION_MAX_HOURS`' default, lib/env.ts). */
export const DEFAULT_SESSION_MAX_HOURS = 12;

/**
 * Resolves a session id (from the next-auth JWT) to the acting staff member, reading role, active
 * flag and store assignments from the database on every request: revoking access, a role change or
 * a store move takes effect on the next request. An idle session is ended here, and so is one
 * older than `maxHours` however active it has been: a stolen session cookie stops working within
 * that time even while it is being used, and the person signs in again. The same read
 * brings their chosen language, so that the page's language costs no query of its own.
 */
export async function loadStaffActor(
  db: Db,
  sessionId: string,
  options: { idleMinutes: number; maxHours?: number; ip?: string | null; userAgent?: string | null; now?: Date },
): Promise<StaffActor | null> {
  const now = options.now ?? new Date();
  if (!/^[0-9a-f-]{36}$/i.test(sessionId)) return null;
  const [row] = await db
    .select({
      sessionId: staffSessions.id,
      createdAt: staffSessions.createdAt,
      lastSeenAt: staffSessions.lastSeenAt,
      steppedUpAt: staffSessions.steppedUpAt,
      staffId: staffUsers.id,
      name: staffUsers.name,
      email: staffUsers.email,
      role: staffUsers.role,
      active: staffUsers.active,
      locale: staffUsers.locale,
      storeIds: sql<
        string[]
      >`coalesce((select array_agg(${staffStores.storeId}::text) from ${staffStores} where ${staffStores.staffId} = ${staffUsers.id}), '{}')`,
    })
    .from(staffSessions)
    .innerJoin(staffUsers, eq(staffUsers.id, staffSessions.staffId))
    .where(and(eq(staffSessions.id, sessionId), isNull(staffSessions.revokedAt)));
  if (!row?.active) return null;

  const maxAgeMs = (options.maxHours ?? DEFAULT_SESSION_MAX_HOURS) * 60 * 60_000;
  const expired =
    now.getTime() - row.createdAt.getTime() > maxAgeMs
      ? 'max_age'
      : now.getTime() - row.lastSeenAt.getTime() > options.idleMinutes * 60_000
        ? 'idle'
        : null;
  if (expired) {
    await db.transaction(async (tx) => {
      await tx.update(staffSessions).set({ revokedAt: now }).where(eq(staffSessions.id, sessionId));
      await recordAudit(
        tx,
        { kind: 'system', ip: options.ip, userAgent: options.userAgent },
        {
          action: 'auth.session_expired',
          entityType: 'staff_user',
          entityId: row.staffId,
          data: { sessionId, reason: expired },
        },
      );
    });
    return null;
  }
  if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await db.update(staffSessions).set({ lastSeenAt: now }).where(eq(staffSessions.id, sessionId));
  }

  const storeIds = parseArray(row.storeIds);
  return {
    kind: 'staff',
    staffId: row.staffId,
    sessionId: row.sessionId,
    name: row.name,
    email: row.email,
    role: row.role,
    storeIds,
    scope: scopeFor(row.role, storeIds),
    steppedUpAt: row.steppedUpAt,
    locale: row.locale,
    ip: options.ip ?? null,
    userAgent: options.userAgent ?? null,
  };
}

/** node-postgres parses text[] into an array; PGlite may hand back the literal `{a,b}`. */
function parseArray(value: string[] | string): string[] {
  if (Array.isArray(value)) return value;
  const inner = value.replace(/^\{|\}$/g, '');
  return inner ? inner.split(',').map((s) => s.replace(/^"|"$/g, '')) : [];
}
