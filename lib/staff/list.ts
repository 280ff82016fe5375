import 'server-only';
import { asc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '@/db/connect';
import { staffStores, staffUsers, stores } from '@/db/schema';
import type { Role } from '@/lib/auth/permissions';
import { NotFoundError } from '@/lib/errors';

/** What the staff admin page may know about a staff member: no hashes, no secrets. */
export interface StaffListItem {
  id: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  /** Locked out after failed sign-ins, until `lockedUntil`. */
  locked: boolean;
  lockedUntil: string | null;
  failedLoginCount: number;
  totpEnabled: boolean;
  mustChangePassword: boolean;
  lastLoginAt: string | null;
  stores: Array<{ id: string; code: string; name: string }>;
}

const COLUMNS = {
  id: staffUsers.id,
  email: staffUsers.email,
  name: staffUsers.name,
  role: staffUsers.role,
  active: staffUsers.active,
  lockedUntil: staffUsers.lockedUntil,
  failedLoginCount: staffUsers.failedLoginCount,
  totpEnabledAt: staffUsers.totpEnabledAt,
  mustChangePassword: staffUsers.mustChangePassword,
  lastLoginAt: staffUsers.lastLoginAt,
};

/** Every staff member, by name (staff administration is not store-scoped: admins only). */
export async function listStaff(db: DbOrTx, now = new Date()): Promise<StaffListItem[]> {
  const rows = await selectStaff(db).orderBy(asc(staffUsers.name), asc(staffUsers.email));
  return withStores(db, rows, now);
}

export async function getStaffOrThrow(db: DbOrTx, staffId: string, now = new Date()): Promise<StaffListItem> {
  if (!/^[0-9a-f-]{36}$/i.test(staffId)) throw new NotFoundError('errors.not_found.staff');
  const rows = await selectStaff(db).where(eq(staffUsers.id, staffId));
  const [item] = await withStores(db, rows, now);
  if (!item) throw new NotFoundError('errors.not_found.staff');
  return item;
}

function selectStaff(db: DbOrTx) {
  return db.select(COLUMNS).from(staffUsers).$dynamic();
}

async function withStores(
  db: DbOrTx,
  rows: Array<Awaited<ReturnType<typeof selectStaff>>[number]>,
  now: Date,
): Promise<StaffListItem[]> {
  const ids = rows.map((r) => r.id);
  const assignments = ids.length
    ? await db
        .select({ staffId: staffStores.staffId, id: stores.id, code: stores.code, name: stores.name })
        .from(staffStores)
        .innerJoin(stores, eq(stores.id, staffStores.storeId))
        .where(inArray(staffStores.staffId, ids))
        .orderBy(asc(stores.code))
    : [];
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    name: r.name,
    role: r.role,
    active: r.active,
    locked: r.lockedUntil !== null && r.lockedUntil > now,
    lockedUntil: r.lockedUntil?.toISOString() ?? null,
    failedLoginCount: r.failedLoginCount,
    totpEnabled: r.totpEnabledAt !== null,
    mustChangePassword: r.mustChangePassword,
    lastLoginAt: r.lastLoginAt?.toISOString() ?? null,
    stores: assignments.filter((a) => a.staffId === r.id).map(({ id, code, name }) => ({ id, code, name })),
  }));
}
