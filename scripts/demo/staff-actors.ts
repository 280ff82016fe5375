import { eq, inArray } from 'drizzle-orm';
import type { Db } from '@/db/connect';
import { staffStores, staffUsers } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actor';
import { scopeFor } from '@/lib/auth/scope';
import { DEMO_USERS } from './accounts';

/** The demo staff as the actors the service verbs take, by e-mail (seeded by seed-staff.ts). */
export async function demoStaffActors(db: Db): Promise<(email: string) => StaffActor> {
  const rows = await db
    .select({
      id: staffUsers.id,
      email: staffUsers.email,
      name: staffUsers.name,
      role: staffUsers.role,
      storeId: staffStores.storeId,
    })
    .from(staffUsers)
    .leftJoin(staffStores, eq(staffStores.staffId, staffUsers.id))
    .where(
      inArray(
        staffUsers.email,
        DEMO_USERS.map((u) => u.email),
      ),
    );
  const actors = new Map<string, StaffActor>();
  for (const user of DEMO_USERS) {
    const mine = rows.filter((r) => r.email === user.email);
    const first = mine[0];
    if (!first) throw new Error(`demo staff ${user.email} is missing; seed the demo staff first`);
    const storeIds = mine.flatMap((r) => (r.storeId ? [r.storeId] : []));
    actors.set(user.email, {
      kind: 'staff',
      staffId: first.id,
      sessionId: null,
      name: first.name,
      email: first.email,
      role: first.role,
      storeIds,
      scope: scopeFor(first.role, storeIds),
      ip: null,
      userAgent: 'demo-seed',
    });
  }
  return (email) => {
    const actor = actors.get(email);
    if (!actor) throw new Error(`no demo staff ${email}`);
    return actor;
  };
}
