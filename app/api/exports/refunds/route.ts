import { csvFileName, csvResponseHeaders, toWebStream } from '@/lib/finance/csv';
import { authorizeExport } from '@/lib/finance/export-access';
import { exportRefundsCsv } from '@/lib/finance/export-refunds';
import { RefundFilterInput } from '@/lib/finance/refund-filter';
import { requestLocale } from '@/lib/i18n/request-locale';

export const dynamic = 'force-dynamic';

/**
 * CSV of the refund history's current filter (the page links here with its query string), in the
 * requester's language.
 */
export async function GET(request: Request): Promise<Response> {
  const access = await authorizeExport(request, {
    capability: 'refunds.export',
    route: 'GET /api/exports/refunds',
    schema: RefundFilterInput,
  });
  if (!access.ok) return access.response;
  const csv = exportRefundsCsv({
    ctx: { db: access.db, actor: access.actor },
    input: access.input,
    locale: requestLocale(request, access.actor.locale),
  });
  return new Response(toWebStream(csv), { headers: csvResponseHeaders(csvFileName('refunds')) });
}
