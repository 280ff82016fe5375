import 'server-only';
import type { Readable } from 'node:stream';
import type { DbOrTx } from '@/db/connect';
import { recordAudit } from '@/lib/audit/record';
import type { StaffActor } from '@/lib/auth/actor';
import { can } from '@/lib/auth/permissions';
import { ForbiddenError } from '@/lib/errors';
import { log } from '@/lib/log';
import { centsToAmount } from '@/lib/money';
import { HK_TZ } from '@/lib/time/hk';
import { type CsvColumn, csvStream, keysetBatches, reportWhenDone } from './csv';
import { exportRefundRows, type RefundExportRow } from './export-rows';
import { type RefundFilter, refundFilterParams } from './refund-filter';

/** Rows per database read: big enough to amortise the round trip, small enough to keep memory flat. */
export const EXPORT_BATCH_SIZE = 1_000;

/** The books' columns. Times say their zone in the header; amounts are decimal strings. */
const REFUND_CSV_COLUMNS: ReadonlyArray<CsvColumn<RefundExportRow>> = [
  // Formatted by Postgres: exact, and far cheaper than a million JavaScript time-zone conversions.
  { header: `requested_at (${HK_TZ})`, value: (r) => r.requestedAtHk },
  { header: `completed_at (${HK_TZ})`, value: (r) => r.completedAtHk },
  { header: 'store_code', value: (r) => r.storeCode },
  { header: 'store_name', value: (r) => r.storeName },
  { header: 'order_no', value: (r) => r.outTradeNo },
  { header: 'eftpay_order_no', value: (r) => r.eftpayTradeNo },
  { header: 'refund_no', value: (r) => r.refundNo },
  { header: 'wallet', value: (r) => r.wallet },
  { header: 'currency', value: (r) => r.currency },
  { header: 'amount', value: (r) => centsToAmount(r.amountCents) },
  { header: 'reason', value: (r) => r.reason },
  { header: 'note', value: (r) => r.note },
  { header: 'staff_name', value: (r) => r.staffName },
  { header: 'staff_email', value: (r) => r.staffEmail },
  { header: 'status', value: (r) => r.status },
  { header: 'gateway_status', value: (r) => r.gatewayStatus },
  { header: 'gateway_message', value: (r) => r.gatewayMessage },
];

/**
 * The CSV of exactly the filtered refund history, in list order, streamed. Every export is
 * audited (`refunds.exported`) with its filter and the number of rows that actually left: the row
 * is written when the stream ends — finished, failed or cancelled by the client (`completed`).
 */
export function exportRefundsCsv({
  ctx: { db, actor },
  input: filter,
  batchSize = EXPORT_BATCH_SIZE,
}: {
  ctx: { db: DbOrTx; actor: StaffActor };
  input: RefundFilter;
  batchSize?: number;
}): Readable {
  // The route checks first (and audits a refusal); this keeps the verb safe for any other caller.
  if (!can(actor.role, 'refunds.export')) throw new ForbiddenError();
  const batches = keysetBatches(
    (after: string | undefined) => exportRefundRows(db, actor.scope, filter, { after, limit: batchSize }),
    (row) => row.id,
    batchSize,
  );
  const audited = reportWhenDone(batches, (summary) =>
    recordAudit(db, actor, {
      action: 'refunds.exported',
      entityType: 'refund',
      data: { filter: refundFilterParams(filter), ...summary },
    }).catch((error) => log.error({ err: error }, 'could not audit a refund export')),
  );
  return csvStream(audited, REFUND_CSV_COLUMNS);
}
