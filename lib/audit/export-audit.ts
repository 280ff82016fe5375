import 'server-only';
import type { Readable } from 'node:stream';
import { auditedCsvExport, type CsvExportArgs } from '@/lib/finance/audited-export';
import { type CsvColumn, codeWords } from '@/lib/finance/csv';
import type { Locale } from '@/lib/i18n/locales';
import { translatorFor } from '@/lib/i18n/translator';
import { type AuditFilter, auditFilterParams } from './audit-filter';
import { type AuditRow, listAuditRows } from './list-audit';

const AUDIT_EXPORT_BATCH_SIZE = 1_000;

const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

const ACTOR_KINDS = ['staff', 'eftpay', 'system'] as const;

/**
 * The columns in the reader's language, translated once per export. Who acted is a word, with the
 * code beside it under a header that is the same in every language (`actor_kind_code`); actions and
 * record types are the log's own codes in every language, as on the audit page.
 */
function auditCsvColumns(locale: Locale): ReadonlyArray<CsvColumn<AuditRow>> {
  const t = translatorFor(locale);
  const header = (key: string) => t(`audit.csv.${key}`);
  const actorKind = codeWords(ACTOR_KINDS, (kind) => t(`audit.csv.actorKinds.${kind}`));
  return [
    { header: header('id'), value: (r) => r.id },
    { header: header('at'), value: (r) => r.atHk },
    { header: header('actor'), value: (r) => actorKind(r.actorKind) },
    { header: 'actor_kind_code', value: (r) => r.actorKind },
    { header: header('actorName'), value: (r) => r.actorName },
    { header: header('actorEmail'), value: (r) => r.actorEmail },
    { header: header('action'), value: (r) => r.action },
    { header: header('entityType'), value: (r) => r.entityType },
    { header: header('entityId'), value: (r) => r.entityId },
    { header: header('orderNo'), value: (r) => r.outTradeNo },
    { header: header('storeCode'), value: (r) => r.storeCode },
    { header: header('ip'), value: (r) => r.ip },
    { header: header('userAgent'), value: (r) => r.userAgent },
    { header: header('before'), value: (r) => json(r.before) },
    { header: header('after'), value: (r) => json(r.after) },
    { header: header('data'), value: (r) => json(r.data) },
  ];
}

/**
 * The CSV of exactly the filtered audit log, newest first, streamed in keyset batches. The export
 * itself is audited (`audit.exported`) with its filter and the rows that left, when the stream ends.
 */
export function exportAuditCsv(args: CsvExportArgs<AuditFilter>): Readable {
  return auditedCsvExport(args, {
    capability: 'audit.export',
    defaultBatchSize: AUDIT_EXPORT_BATCH_SIZE,
    read: listAuditRows,
    cursorOf: (row) => String(row.id),
    columns: auditCsvColumns,
    audit: { action: 'audit.exported', entityType: 'audit_log', filterParams: auditFilterParams },
  });
}
