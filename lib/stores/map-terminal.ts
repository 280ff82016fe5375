import 'server-only';
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '@/db/connect';
import { orders, stores, storeTerminals } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actor';
import { recordAudit } from '@/lib/audit/record';
import { ConflictError, fieldError } from '@/lib/errors';
import { parseInput } from '@/lib/validation';
import { MapTerminalInput } from './schemas';

/**
 * Gives an eftPay terminal to a store (README "Roles": an admin maps the terminal to a store): the
 * terminal is recorded, and every unassigned order taken on it moves into that store — in one
 * transaction, so no order is left behind and a second mapping of the same terminal fails on the
 * primary key instead of racing.
 */
export async function mapTerminal({
  ctx: { db, actor },
  input,
}: {
  ctx: { db: Db; actor: StaffActor };
  input: MapTerminalInput;
}): Promise<{ ordersAssigned: number }> {
  const { tid, storeId } = parseInput(MapTerminalInput, input);

  return db.transaction(async (tx) => {
    const [store] = await tx.select({ id: stores.id, code: stores.code }).from(stores).where(eq(stores.id, storeId));
    if (!store) throw fieldError('storeId', 'errors.stores.unknown_store');
    const [mapped] = await tx
      .insert(storeTerminals)
      .values({ tid, storeId })
      .onConflictDoNothing({ target: storeTerminals.tid })
      .returning({ tid: storeTerminals.tid });
    if (!mapped) throw new ConflictError('errors.stores.terminal_taken', { tid });
    const assigned = await tx
      .update(orders)
      .set({ storeId, updatedAt: new Date() })
      .where(and(eq(orders.tid, tid), isNull(orders.storeId)))
      .returning({ id: orders.id });
    await recordAudit(tx, actor, {
      action: 'store.terminal_mapped',
      entityType: 'store_terminal',
      entityId: tid,
      storeId,
      before: { tid, storeId: null },
      after: { tid, storeId, storeCode: store.code },
      data: { ordersAssigned: assigned.length },
    });
    return { ordersAssigned: assigned.length };
  });
}
