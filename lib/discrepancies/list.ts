import 'server-only';
import { desc, eq, isNotNull, isNull } from 'drizzle-orm';
import type { Db } from '@/db/connect';
import { gatewayDiscrepancies, staffUsers, stores } from '@/db/schema';

/** How many rows each part of the page shows: open ones first, then the latest resolved. */
export const OPEN_LIMIT = 200;
export const RESOLVED_LIMIT = 50;

export type DiscrepancyRow = Awaited<ReturnType<typeof selectRows>>[number];

function selectRows(db: Db, open: boolean, limit: number) {
  return db
    .select({
      id: gatewayDiscrepancies.id,
      detectedAt: gatewayDiscrepancies.detectedAt,
      kind: gatewayDiscrepancies.kind,
      source: gatewayDiscrepancies.source,
      orderId: gatewayDiscrepancies.orderId,
      outTradeNo: gatewayDiscrepancies.outTradeNo,
      refundNo: gatewayDiscrepancies.refundNo,
      expected: gatewayDiscrepancies.expected,
      reported: gatewayDiscrepancies.reported,
      storeCode: stores.code,
      resolvedAt: gatewayDiscrepancies.resolvedAt,
      resolvedByName: staffUsers.name,
      resolutionNote: gatewayDiscrepancies.resolutionNote,
    })
    .from(gatewayDiscrepancies)
    .leftJoin(stores, eq(stores.id, gatewayDiscrepancies.storeId))
    .leftJoin(staffUsers, eq(staffUsers.id, gatewayDiscrepancies.resolvedBy))
    .where(open ? isNull(gatewayDiscrepancies.resolvedAt) : isNotNull(gatewayDiscrepancies.resolvedAt))
    .orderBy(open ? desc(gatewayDiscrepancies.detectedAt) : desc(gatewayDiscrepancies.resolvedAt))
    .limit(limit);
}

/**
 * The discrepancies page (admins and finance, every store): every open one, newest first, and the
 * latest resolved ones with who resolved them and why. Open rows are few by nature — each is a
 * message from eftPay that disagreed with us — so the page shows them all up to OPEN_LIMIT.
 */
export async function listDiscrepancies(db: Db) {
  const [open, resolved] = await Promise.all([selectRows(db, true, OPEN_LIMIT), selectRows(db, false, RESOLVED_LIMIT)]);
  return { open, resolved };
}
