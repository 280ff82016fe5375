import 'server-only';
import { eq } from 'drizzle-orm';
import type { Db } from '@/db/connect';
import { gatewayDiscrepancies } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import type { StaffActor } from '@/lib/auth/actor';
import { can } from '@/lib/auth/permissions';
import { ConflictError, ForbiddenError, NotFoundError } from '@/lib/errors';
import { parseInput } from '@/lib/validation';
import { ResolveDiscrepancyInput } from './schemas';

/**
 * An admin or finance officer marks a discrepancy with eftPay resolved, saying what was done
 * (docs/adr/0011). Refused when it is already resolved, so two people cannot both close it.
 */
export async function resolveDiscrepancy({
  ctx: { db, actor },
  input,
}: {
  ctx: { db: Db; actor: StaffActor };
  input: ResolveDiscrepancyInput;
}): Promise<{ id: string }> {
  if (!can(actor.role, 'discrepancies.resolve')) throw new ForbiddenError();
  const { discrepancyId, note } = parseInput(ResolveDiscrepancyInput, input);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(gatewayDiscrepancies)
      .where(eq(gatewayDiscrepancies.id, discrepancyId))
      .for('update');
    if (!row) throw new NotFoundError('errors.not_found.discrepancy');
    if (row.resolvedAt) throw new ConflictError('errors.discrepancies.already_resolved');
    const now = new Date();
    await tx
      .update(gatewayDiscrepancies)
      .set({ resolvedAt: now, resolvedBy: actor.staffId, resolutionNote: note })
      .where(eq(gatewayDiscrepancies.id, discrepancyId));
    await recordAudit(tx, actor, {
      action: 'gateway.discrepancy_resolved',
      entityType: 'gateway_discrepancy',
      entityId: discrepancyId,
      orderId: row.orderId,
      storeId: row.storeId,
      after: { resolved: true },
      data: { kind: row.kind, note },
    });
    return { id: discrepancyId };
  });
}
