import { eq, inArray } from 'drizzle-orm';
import type { Db } from '@/db/connect';
import { staffUsers, stores, storeTerminals } from '@/db/schema';
import { SYSTEM } from '@/lib/auth/actor';
import { createStaff } from '@/lib/staff/create';
import { DEMO_STORES, DEMO_USERS } from './accounts';

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
      // Demo passwords are printed in the README for anyone to sign in with: strength means nothing here.
      passwordRule: 'demo-seed-only',
    });
  }
}
