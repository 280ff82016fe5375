import 'server-only';
import { eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '@/db/connect';
import { staffStores, staffUsers, stores } from '@/db/schema';
import { type AuditActor, recordAudit } from '@/lib/audit/record';
import { hashPassword } from '@/lib/auth/password';
import { passwordWeakness } from '@/lib/auth/password-strength';
import { ConflictError, fieldError } from '@/lib/errors';
import { parseInput } from '@/lib/validation';
import { generateOneTimePassword } from './one-time-password';
import { StaffCreateInput } from './schemas';

/**
 * Creates a staff account with its store assignments, audited in the same transaction.
 * Used by the staff admin page (no password given: a one-time password is generated, returned once
 * to be handed over, and must be replaced at first sign-in) and by the `staff:create` CLI, which
 * bootstraps the first admin with a password they chose.
 */
export async function createStaff({
  ctx: { db, actor },
  input,
  passwordRule = 'strength',
}: {
  ctx: { db: DbOrTx; actor: AuditActor };
  input: StaffCreateInput;
  /**
   * `demo-seed-only`: the demo's published sign-in passwords (scripts/demo/accounts.ts) are
   * length-checked only; nothing else may skip the strength rule.
   */
  passwordRule?: 'strength' | 'demo-seed-only';
}): Promise<{ id: string; oneTimePassword: string | null }> {
  const value = parseInput(StaffCreateInput, input);
  if (value.password !== undefined && passwordRule === 'strength') {
    // The same rule as a password one changes oneself (lib/staff/change-own-password.ts); the
    // account's e-mail and name count as its own words.
    const weakness = passwordWeakness(value.password, value.email, [value.name]);
    if (weakness) throw fieldError('password', weakness);
  }
  const oneTimePassword = value.password === undefined ? generateOneTimePassword() : null;
  const passwordHash = await hashPassword(value.password ?? oneTimePassword!);
  const storeIds = [...new Set(value.storeIds)];

  const created = await db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: staffUsers.id }).from(staffUsers).where(eq(staffUsers.email, value.email));
    if (existing) throw fieldError('email', 'errors.staff.email_taken');
    await assertStoresExist(tx, storeIds);
    const [row] = await tx
      .insert(staffUsers)
      .values({
        email: value.email,
        name: value.name,
        role: value.role,
        passwordHash,
        mustChangePassword: oneTimePassword !== null,
      })
      .returning({ id: staffUsers.id });
    if (!row) throw new ConflictError('errors.staff.create_failed');
    if (storeIds.length > 0) {
      await tx.insert(staffStores).values(storeIds.map((storeId) => ({ staffId: row.id, storeId })));
    }
    await recordAudit(tx, actor, {
      action: 'staff.created',
      entityType: 'staff_user',
      entityId: row.id,
      after: {
        email: value.email,
        name: value.name,
        role: value.role,
        storeIds,
        active: true,
        mustChangePassword: oneTimePassword !== null,
      },
    });
    return row;
  });
  return { id: created.id, oneTimePassword };
}

/** Every id names a store; otherwise a field error on `storeIds`. */
export async function assertStoresExist(tx: DbOrTx, storeIds: readonly string[]): Promise<void> {
  if (storeIds.length === 0) return;
  const found = await tx
    .select({ id: stores.id })
    .from(stores)
    .where(inArray(stores.id, [...storeIds]));
  if (found.length !== new Set(storeIds).size) throw fieldError('storeIds', 'errors.staff.unknown_store');
}
