import { AuditFilterInput } from '@/lib/audit/audit-filter';
import { exportAuditCsv } from '@/lib/audit/export-audit';
import { csvFileName, csvResponseHeaders, toWebStream } from '@/lib/finance/csv';
import { authorizeExport } from '@/lib/finance/export-access';
import { requestLocale } from '@/lib/i18n/request-locale';

export const dynamic = 'force-dynamic';

/** CSV, in the requester's language, of the audit log view's current filter (admin and finance). */
export async function GET(request: Request): Promise<Response> {
  const access = await authorizeExport(request, {
    capability: 'audit.export',
    route: 'GET /api/exports/audit',
    schema: AuditFilterInput,
  });
  if (!access.ok) return access.response;
  const csv = exportAuditCsv({
    ctx: { db: access.db, actor: access.actor },
    input: access.input,
    locale: requestLocale(request, access.actor.locale),
  });
  return new Response(toWebStream(csv), { headers: csvResponseHeaders(csvFileName('audit-log')) });
}
