import 'server-only';
import type { Readable } from 'node:stream';
import { auditedCsvExport, type CsvExportArgs } from '@/lib/finance/audited-export';
import { type CsvColumn, codeWords } from '@/lib/finance/csv';
import type { Locale } from '@/lib/i18n/locales';
import { translatorFor } from '@/lib/i18n/translator';
import { type AuditFilter, auditFilterParams } from './audit-filter';
import type { ChainFields } from './chain';
import { type AuditExportRow, listAuditRows } from './list-audit';

const AUDIT_EXPORT_BATCH_SIZE = 1_000;

const ACTOR_KINDS = ['staff', 'eftpay', 'system'] as const;

/** A column of the audit CSV; `chain` names the hashed field it carries (lib/audit/chain.ts). */
export interface AuditCsvColumn extends CsvColumn<AuditExportRow> {
  chain?: keyof ChainFields | 'hash';
}

/**
 * The columns in the reader's language, translated once per export. Who acted is a word, with the
 * code beside it under a header that is the same in every language (`actor_kind_code`); actions and
 * record types are the log's own codes in every language, as on the audit page.
 *
 * The hash chain travels with the rows: every hashed field is a column as the database stored it
 * (the JSON columns are the stored jsonb's own text, `at_utc` the time to the microsecond, the
 * ids beside the names they are shown as), then `seq`, `prev_hash` and `hash`, so that an auditor
 * can recompute each row's hash from the file alone (docs/audit-verification.md). Those extra
 * headers are the same in every language.
 */
export function auditCsvColumns(locale: Locale): ReadonlyArray<AuditCsvColumn> {
  const t = translatorFor(locale);
  const header = (key: string) => t(`audit.csv.${key}`);
  const actorKind = codeWords(ACTOR_KINDS, (kind) => t(`audit.csv.actorKinds.${kind}`));
  return [
    { header: header('id'), value: (r) => r.id, chain: 'id' },
    { header: header('at'), value: (r) => r.atHk },
    { header: header('actor'), value: (r) => actorKind(r.actorKind) },
    { header: 'actor_kind_code', value: (r) => r.actorKind, chain: 'actorKind' },
    { header: header('actorName'), value: (r) => r.actorName },
    { header: header('actorEmail'), value: (r) => r.actorEmail },
    { header: header('action'), value: (r) => r.action, chain: 'action' },
    { header: header('entityType'), value: (r) => r.entityType, chain: 'entityType' },
    { header: header('entityId'), value: (r) => r.entityId, chain: 'entityId' },
    { header: header('orderNo'), value: (r) => r.outTradeNo },
    { header: header('storeCode'), value: (r) => r.storeCode },
    { header: header('ip'), value: (r) => r.ip, chain: 'ip' },
    { header: header('userAgent'), value: (r) => r.userAgent, chain: 'userAgent' },
    { header: header('before'), value: (r) => r.beforeText, chain: 'before' },
    { header: header('after'), value: (r) => r.afterText, chain: 'after' },
    { header: header('data'), value: (r) => r.dataText, chain: 'data' },
    { header: 'at_utc', value: (r) => r.atUtc, chain: 'at' },
    { header: 'actor_staff_id', value: (r) => r.actorStaffId, chain: 'actorStaffId' },
    { header: 'order_id', value: (r) => r.orderId, chain: 'orderId' },
    { header: 'store_id', value: (r) => r.storeId, chain: 'storeId' },
    { header: 'seq', value: (r) => r.seq, chain: 'seq' },
    { header: 'prev_hash', value: (r) => r.prevHash, chain: 'prevHash' },
    { header: 'hash', value: (r) => r.hash, chain: 'hash' },
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
