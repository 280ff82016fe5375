import { csvFileName, csvResponseHeaders, toWebStream } from '@/lib/finance/csv';
import { authorizeExport } from '@/lib/finance/export-access';
import { exportRefundsCsv } from '@/lib/finance/export-refunds';
import { RefundFilterInput } from '@/lib/finance/refund-filter';

export const dynamic = 'force-dynamic';

/** CSV of the refund history's current filter (the page links here with its query string). */
export async function GET(request: Request): Promise<Response> {
  const access = await authorizeExport(request, {
    capability: 'refunds.export',
    route: 'GET /api/exports/refunds',
    schema: RefundFilterInput,
  });
  if (!access.ok) return access.response;
  const csv = exportRefundsCsv({ ctx: { db: access.db, actor: access.actor }, input: access.input });
  return new Response(toWebStream(csv), { headers: csvResponseHeaders(csvFileName('refunds')) });
}
