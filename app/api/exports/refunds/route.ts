import { exportRefundsCsv } from '@/lib/finance/export-refunds';
import { csvExportRoute } from '@/lib/finance/export-route';
import { RefundFilterInput } from '@/lib/finance/refund-filter';

export const dynamic = 'force-dynamic';

/**
 * CSV of the refund history's current filter (the page links here with its query string), in the
 * requester's language.
 */
export const GET = csvExportRoute({
  capability: 'refunds.export',
  route: 'GET /api/exports/refunds',
  schema: RefundFilterInput,
  fileName: 'refunds',
  exportCsv: exportRefundsCsv,
});
