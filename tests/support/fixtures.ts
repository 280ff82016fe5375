import { eq } from 'drizzle-orm';
import type { Db } from '@/db/connect';
import { orders, refunds, staffUsers, stores, storeTerminals } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actor';
import { SYSTEM } from '@/lib/auth/actor';
import type { Role } from '@/lib/auth/permissions';
import { scopeFor } from '@/lib/auth/scope';
import { createStaff } from '@/lib/staff/create';

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

export async function makeStore(db: Db, tids: string[] = [`T-${unique()}`]) {
  const code = `S${unique()}`.toUpperCase();
  const [store] = await db
    .insert(stores)
    .values({ code, name: `Store ${code}` })
    .returning();
  for (const tid of tids) await db.insert(storeTerminals).values({ tid, storeId: store!.id });
  return { ...store!, tids };
}

export const TEST_PASSWORD = 'correct horse battery';

export async function makeStaff(
  db: Db,
  role: Role,
  storeIds: string[] = [],
  overrides: { email?: string; password?: string } = {},
): Promise<StaffActor> {
  const email = overrides.email ?? `${role}-${unique()}@test.local`;
  const { id } = await createStaff({
    ctx: { db, actor: SYSTEM },
    input: { email, name: `${role} ${email}`, role, storeIds, password: overrides.password ?? TEST_PASSWORD },
  });
  return {
    kind: 'staff',
    staffId: id,
    sessionId: null,
    name: `${role} ${email}`,
    email,
    role,
    storeIds,
    scope: scopeFor(role, storeIds),
    // As after signing in: a fresh proof of presence whenever it is read (step-up tests set an old one).
    get steppedUpAt() {
      return new Date();
    },
    ip: '127.0.0.1',
    userAgent: 'vitest',
  };
}

export async function staffRow(db: Db, id: string) {
  const [row] = await db.select().from(staffUsers).where(eq(staffUsers.id, id));
  return row!;
}

export async function orderRow(db: Db, id: string) {
  const [row] = await db.select().from(orders).where(eq(orders.id, id));
  if (!row) throw new Error(`order ${id} not found`);
  return row;
}

export async function refundRow(db: Db, id: string) {
  const [row] = await db.select().from(refunds).where(eq(refunds.id, id));
  if (!row) throw new Error(`refund ${id} not found`);
  return row;
}

/** The refund form's input, with a fresh idempotency key (as the form makes when it opens). */
export function refundInput(orderId: string, amount: string, extra: Partial<Record<string, string>> = {}) {
  return {
    orderId,
    amount,
    reason: 'customer_request' as const,
    note: '',
    idempotencyKey: crypto.randomUUID(),
    ...extra,
  };
}
