import { AuditFilterInput } from '@/lib/audit/audit-filter';
import { exportAuditCsv } from '@/lib/audit/export-audit';
import { csvExportRoute } from '@/lib/finance/export-route';

export const dynamic = 'force-dynamic';

/** CSV, in the requester's language, of the audit log view's current filter (admin and finance). */
export const GET = csvExportRoute({
  capability: 'audit.export',
  route: 'GET /api/exports/audit',
  schema: AuditFilterInput,
  fileName: 'audit-log',
  exportCsv: exportAuditCsv,
});
