import 'server-only';
import { and, eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/db/connect';
import { orders } from '@/db/schema';

/**
 * A supervisor's close is kept on the order (close_requested_at/by, close_reason) from its claim
 * until eftPay answers it conclusively — closed, paid after all, refused, or not closable. While
 * it is kept and the order is unpaid, the reconciler carries the close out itself (Query, then
 * Close: finish.ts), so a close whose answer was lost, or whose first Query failed, still happens
 * (docs/adr/0008-recovery-after-a-crash.md).
 */
export function pendingCloseFields(input: { staffId: string; reason: string; now: Date }) {
  return { closeRequestedAt: input.now, closeRequestedBy: input.staffId, closeReason: input.reason };
}

/** The close has its outcome: nothing left for the reconciler to carry out. */
export async function clearPendingClose(tx: DbOrTx, orderId: string): Promise<void> {
  await tx
    .update(orders)
    .set({ closeRequestedAt: null, closeRequestedBy: null, closeReason: null })
    .where(eq(orders.id, orderId));
}

/**
 * Before each further call of a close (Close, the confirming Query): the order stays withheld from
 * other passes for one more call (lib/jobs/lease.ts), and no longer.
 */
export async function renewCloseLease(db: Db, orderId: string, until: Date): Promise<void> {
  await db
    .update(orders)
    .set({ nextCheckAt: until })
    .where(and(eq(orders.id, orderId), eq(orders.status, 'unpaid')));
}
