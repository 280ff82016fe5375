import { eq } from 'drizzle-orm';
import type { Db } from '@/db/connect';
import { staffStores, staffUsers, stores } from '@/db/schema';
import { type AuditActor, recordAudit } from '@/lib/audit/record';
import { hashPassword } from '@/lib/auth/password';
import { ConflictError, ValidationError } from '@/lib/errors';
import { fieldErrorsOf } from '@/lib/validation';
import { StaffCreateInput } from './schemas';

/**
 * Creates a staff account with its store assignments, audited in the same transaction.
 * Used by the `staff:create` CLI (bootstrapping the first admin) and the staff admin page.
 */
export async function createStaff({
  ctx: { db, actor },
  input,
}: {
  ctx: { db: Db; actor: AuditActor };
  input: StaffCreateInput;
}): Promise<{ id: string }> {
  const parsed = StaffCreateInput.safeParse(input);
  if (!parsed.success) throw new ValidationError(fieldErrorsOf(parsed.error));
  const value = parsed.data;
  const passwordHash = await hashPassword(value.password);

  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: staffUsers.id }).from(staffUsers).where(eq(staffUsers.email, value.email));
    if (existing) throw new ValidationError({ email: ['A staff member with this email already exists.'] });
    for (const storeId of value.storeIds) {
      const [store] = await tx.select({ id: stores.id }).from(stores).where(eq(stores.id, storeId));
      if (!store) throw new ValidationError({ storeIds: ['Unknown store.'] });
    }
    const [created] = await tx
      .insert(staffUsers)
      .values({ email: value.email, name: value.name, role: value.role, passwordHash })
      .returning({ id: staffUsers.id });
    if (!created) throw new ConflictError('Could not create the staff member.');
    if (value.storeIds.length > 0) {
      await tx.insert(staffStores).values(value.storeIds.map((storeId) => ({ staffId: created.id, storeId })));
    }
    await recordAudit(tx, actor, {
      action: 'staff.created',
      entityType: 'staff_user',
      entityId: created.id,
      after: { email: value.email, name: value.name, role: value.role, storeIds: value.storeIds, active: true },
    });
    return created;
  });
}
