import { AuditFilterInput } from '@/lib/audit/audit-filter';
import { exportAuditCsv } from '@/lib/audit/export-audit';
import { csvFileName, csvResponseHeaders, toWebStream } from '@/lib/finance/csv';
import { authorizeExport } from '@/lib/finance/export-access';

export const dynamic = 'force-dynamic';

/** CSV of the audit log view's current filter (admin and finance). */
export async function GET(request: Request): Promise<Response> {
  const access = await authorizeExport(request, {
    capability: 'audit.export',
    route: 'GET /api/exports/audit',
    schema: AuditFilterInput,
  });
  if (!access.ok) return access.response;
  const csv = exportAuditCsv({ ctx: { db: access.db, actor: access.actor }, input: access.input });
  return new Response(toWebStream(csv), { headers: csvResponseHeaders(csvFileName('audit-log')) });
}
