import 'server-only';
import { and, asc, eq, isNull, ne } from 'drizzle-orm';
import type { Tx } from '@/db/connect';
import { staffSessions, staffStores, staffUsers } from '@/db/schema';
import { ConflictError, NotFoundError } from '@/lib/errors';

export type StaffRow = typeof staffUsers.$inferSelect;

/**
 * Locks every active administrator's row, always in id order (so two verbs never deadlock), and
 * returns their ids. Called first by any verb that can take away an administrator: under these
 * locks, two admins demoting each other at once are serialised, and the second sees the first's
 * change — the console is never left without an active administrator.
 */
export async function lockActiveAdmins(tx: Tx): Promise<string[]> {
  const rows = await tx
    .select({ id: staffUsers.id })
    .from(staffUsers)
    .where(and(eq(staffUsers.role, 'admin'), eq(staffUsers.active, true)))
    .orderBy(asc(staffUsers.id))
    .for('update');
  return rows.map((r) => r.id);
}

/** Refuses a change that would leave no active administrator; `activeAdmins` from lockActiveAdmins. */
export function assertAnotherAdminRemains(activeAdmins: readonly string[], target: StaffRow): void {
  const isActiveAdmin = target.role === 'admin' && target.active;
  if (isActiveAdmin && activeAdmins.filter((id) => id !== target.id).length === 0) {
    throw new ConflictError('errors.staff.last_admin');
  }
}

export async function lockStaffOrThrow(tx: Tx, staffId: string): Promise<StaffRow> {
  const [row] = await tx.select().from(staffUsers).where(eq(staffUsers.id, staffId)).for('update');
  if (!row) throw new NotFoundError('errors.not_found.staff');
  return row;
}

export async function storeIdsOf(tx: Tx, staffId: string): Promise<string[]> {
  const rows = await tx
    .select({ storeId: staffStores.storeId })
    .from(staffStores)
    .where(eq(staffStores.staffId, staffId))
    .orderBy(asc(staffStores.storeId));
  return rows.map((r) => r.storeId);
}

/** Ends every open session of a staff member (all browsers), except `keep`. Returns how many. */
export async function endSessionsOf(tx: Tx, staffId: string, now: Date, keep?: string | null): Promise<number> {
  const ended = await tx
    .update(staffSessions)
    .set({ revokedAt: now })
    .where(
      and(
        eq(staffSessions.staffId, staffId),
        isNull(staffSessions.revokedAt),
        keep ? ne(staffSessions.id, keep) : undefined,
      ),
    )
    .returning({ id: staffSessions.id });
  return ended.length;
}
