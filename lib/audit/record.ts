import 'server-only';
import type { DbOrTx } from '@/db/connect';
import { auditLog } from '@/db/schema';

/** Who did it; a StaffActor or SystemActor fits as is. */
export interface AuditActor {
  kind: 'staff' | 'eftpay' | 'system';
  staffId?: string | null;
  ip?: string | null;
  userAgent?: string | null;
}

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId?: string | null;
  orderId?: string | null;
  storeId?: string | null;
  before?: unknown;
  after?: unknown;
  data?: Record<string, unknown>;
}

/**
 * Writes one audit row. Call it with the transaction that makes the change, so the change and its
 * record commit together or not at all.
 *
 * The database links the row into the log's hash chain as it is inserted (migration 0008,
 * docs/adr/0009): that takes the chain's lock, held until the transaction ends, so record after
 * the row locks the transaction needs, and commit soon after.
 */
export async function recordAudit(tx: DbOrTx, actor: AuditActor, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    actorKind: actor.kind,
    actorStaffId: actor.kind === 'staff' ? (actor.staffId ?? null) : null,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId ?? null,
    orderId: entry.orderId ?? null,
    storeId: entry.storeId ?? null,
    ip: actor.ip ?? null,
    userAgent: actor.userAgent ?? null,
    before: entry.before ?? null,
    after: entry.after ?? null,
    data: entry.data ?? null,
  });
}
