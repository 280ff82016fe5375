import 'server-only';
import type { Readable } from 'node:stream';
import type { DbOrTx } from '@/db/connect';
import type { StaffActor } from '@/lib/auth/actor';
import { can } from '@/lib/auth/permissions';
import { ForbiddenError } from '@/lib/errors';
import { type CsvColumn, csvStream, keysetBatches, reportWhenDone } from '@/lib/finance/csv';
import { log } from '@/lib/log';
import { HK_TZ } from '@/lib/time/hk';
import { type AuditFilter, auditFilterParams } from './audit-filter';
import { type AuditRow, listAuditRows } from './list-audit';
import { recordAudit } from './record';

const AUDIT_EXPORT_BATCH_SIZE = 1_000;

const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

const AUDIT_CSV_COLUMNS: ReadonlyArray<CsvColumn<AuditRow>> = [
  { header: 'id', value: (r) => r.id },
  { header: `at (${HK_TZ})`, value: (r) => r.atHk },
  { header: 'actor_kind', value: (r) => r.actorKind },
  { header: 'actor_name', value: (r) => r.actorName },
  { header: 'actor_email', value: (r) => r.actorEmail },
  { header: 'action', value: (r) => r.action },
  { header: 'entity_type', value: (r) => r.entityType },
  { header: 'entity_id', value: (r) => r.entityId },
  { header: 'order_no', value: (r) => r.outTradeNo },
  { header: 'store_code', value: (r) => r.storeCode },
  { header: 'ip', value: (r) => r.ip },
  { header: 'user_agent', value: (r) => r.userAgent },
  { header: 'before', value: (r) => json(r.before) },
  { header: 'after', value: (r) => json(r.after) },
  { header: 'data', value: (r) => json(r.data) },
];

/**
 * The CSV of exactly the filtered audit log, newest first, streamed in keyset batches. The export
 * itself is audited (`audit.exported`) with its filter and the rows that left, when the stream ends.
 */
export function exportAuditCsv({
  ctx: { db, actor },
  input: filter,
  batchSize = AUDIT_EXPORT_BATCH_SIZE,
}: {
  ctx: { db: DbOrTx; actor: StaffActor };
  input: AuditFilter;
  batchSize?: number;
}): Readable {
  // The route checks first (and audits a refusal); this keeps the verb safe for any other caller.
  if (!can(actor.role, 'audit.export')) throw new ForbiddenError();
  const batches = keysetBatches(
    (after: string | undefined) => listAuditRows(db, actor.scope, filter, { after, limit: batchSize }),
    (row) => String(row.id),
    batchSize,
  );
  const audited = reportWhenDone(batches, (summary) =>
    recordAudit(db, actor, {
      action: 'audit.exported',
      entityType: 'audit_log',
      data: { filter: auditFilterParams(filter), ...summary },
    }).catch((error) => log.error({ err: error }, 'could not audit an audit-log export')),
  );
  return csvStream(audited, AUDIT_CSV_COLUMNS);
}
