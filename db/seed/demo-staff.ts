import { eq, inArray } from 'drizzle-orm';
import type { Db } from '@/db/connect';
import { staffUsers, stores, storeTerminals } from '@/db/schema';
import { SYSTEM } from '@/lib/auth/actor';
import type { Role } from '@/lib/auth/permissions';
import { createStaff } from '@/lib/staff/create';

/** Demo stores, each with its eftPay terminals. `T-UNMAPPED-1` belongs to none (unassigned orders). */
export const DEMO_STORES = [
  { code: 'CWB', name: 'Causeway Bay', tids: ['T-CWB-01', 'T-CWB-02'] },
  { code: 'TST', name: 'Tsim Sha Tsui', tids: ['T-TST-01'] },
  { code: 'MK', name: 'Mong Kok', tids: ['T-MK-01'] },
] as const;
export const UNMAPPED_TID = 'T-UNMAPPED-1';

/** Demo logins — printed by `npm run demo`; for the embedded demo only. */
export const DEMO_USERS: ReadonlyArray<{
  email: string;
  name: string;
  role: Role;
  stores: string[];
  password: string;
}> = [
  { email: 'admin@demo.local', name: 'Ada Admin', role: 'admin', stores: [], password: 'demo-admin-pass' },
  {
    email: 'manager@demo.local',
    name: 'Mandy Manager',
    role: 'manager',
    stores: ['CWB'],
    password: 'demo-manager-pass',
  },
  {
    email: 'manager.tst@demo.local',
    name: 'Tony Manager',
    role: 'manager',
    stores: ['TST'],
    password: 'demo-manager-pass',
  },
  {
    email: 'supervisor@demo.local',
    name: 'Sam Supervisor',
    role: 'supervisor',
    stores: ['CWB', 'TST'],
    password: 'demo-supervisor-pass',
  },
  { email: 'finance@demo.local', name: 'Fiona Finance', role: 'finance', stores: [], password: 'demo-finance-pass' },
];

/** Idempotent: creates what is missing, leaves the rest alone. */
export async function seedDemoStaff(db: Db): Promise<void> {
  for (const store of DEMO_STORES) {
    const [existing] = await db.select({ id: stores.id }).from(stores).where(eq(stores.code, store.code));
    const id =
      existing?.id ??
      (await db.insert(stores).values({ code: store.code, name: store.name }).returning({ id: stores.id }))[0]!.id;
    for (const tid of store.tids) {
      await db.insert(storeTerminals).values({ tid, storeId: id }).onConflictDoNothing();
    }
  }
  const storeRows = await db
    .select()
    .from(stores)
    .where(
      inArray(
        stores.code,
        DEMO_STORES.map((s) => s.code),
      ),
    );
  const idOf = (code: string) => storeRows.find((s) => s.code === code)!.id;
  for (const user of DEMO_USERS) {
    const [existing] = await db.select({ id: staffUsers.id }).from(staffUsers).where(eq(staffUsers.email, user.email));
    if (existing) continue;
    await createStaff({
      ctx: { db, actor: SYSTEM },
      input: {
        email: user.email,
        name: user.name,
        role: user.role,
        storeIds: user.stores.map(idOf),
        password: user.password,
      },
    });
  }
}
