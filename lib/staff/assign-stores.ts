import 'server-only';
import { eq } from 'drizzle-orm';
import type { Db } from '@/db/connect';
import { staffStores } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actor';
import { recordAudit } from '@/lib/audit/record';
import { parseInput } from '@/lib/validation';
import { assertStoresExist } from './create';
import { lockStaffOrThrow, storeIdsOf } from './locks';
import { AssignStoresInput } from './schemas';

/**
 * Replaces a staff member's store assignments. A manager or supervisor sees exactly these stores
 * from their next request; administrators and finance see every store whatever is assigned.
 */
export async function assignStaffStores({
  ctx: { db, actor },
  input,
}: {
  ctx: { db: Db; actor: StaffActor };
  input: AssignStoresInput;
}): Promise<{ changed: boolean }> {
  const { staffId, storeIds: chosen } = parseInput(AssignStoresInput, input);
  const storeIds = [...new Set(chosen)].sort();

  return db.transaction(async (tx) => {
    await lockStaffOrThrow(tx, staffId);
    await assertStoresExist(tx, storeIds);
    const before = await storeIdsOf(tx, staffId);
    if (before.join() === storeIds.join()) return { changed: false };
    await tx.delete(staffStores).where(eq(staffStores.staffId, staffId));
    if (storeIds.length > 0) await tx.insert(staffStores).values(storeIds.map((storeId) => ({ staffId, storeId })));
    await recordAudit(tx, actor, {
      action: 'staff.stores_changed',
      entityType: 'staff_user',
      entityId: staffId,
      before: { storeIds: before },
      after: { storeIds },
    });
    return { changed: true };
  });
}
