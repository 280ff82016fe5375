import 'server-only';
import type { Tx } from '@/db/connect';
import { gatewayDiscrepancies } from '@/db/schema';
import { type AuditActor, recordAudit } from '@/lib/audit/record';

export type DiscrepancyKind =
  | 'payment_amount'
  | 'payment_currency'
  | 'payment_wallet'
  | 'refund_unknown'
  | 'refund_mismatch';

export type DiscrepancySource = 'notification' | 'query';

export interface DiscrepancyInput {
  kind: DiscrepancyKind;
  source: DiscrepancySource;
  orderId?: string | null;
  refundId?: string | null;
  storeId?: string | null;
  outTradeNo?: string | null;
  refundNo?: string | null;
  expected?: Record<string, unknown> | null;
  reported: Record<string, unknown>;
}

/**
 * Records that eftPay's signed word disagrees with ours (docs/adr/0011-gateway-discrepancies.md),
 * with its audit row in the same transaction. The disagreeing message itself changes nothing.
 */
export async function recordDiscrepancy(
  tx: Tx,
  actor: AuditActor,
  input: DiscrepancyInput,
  now = new Date(),
): Promise<string> {
  const [row] = await tx
    .insert(gatewayDiscrepancies)
    .values({
      kind: input.kind,
      source: input.source,
      orderId: input.orderId ?? null,
      refundId: input.refundId ?? null,
      storeId: input.storeId ?? null,
      outTradeNo: input.outTradeNo ?? null,
      refundNo: input.refundNo ?? null,
      expected: input.expected ?? null,
      reported: input.reported,
      detectedAt: now,
    })
    .returning({ id: gatewayDiscrepancies.id });
  if (!row) throw new Error('discrepancy not recorded');
  await recordAudit(tx, actor, {
    action: 'gateway.discrepancy_detected',
    entityType: 'gateway_discrepancy',
    entityId: row.id,
    orderId: input.orderId ?? null,
    storeId: input.storeId ?? null,
    data: {
      kind: input.kind,
      source: input.source,
      outTradeNo: input.outTradeNo ?? null,
      refundNo: input.refundNo ?? null,
      expected: input.expected ?? null,
      reported: input.reported,
    },
  });
  return row.id;
}
