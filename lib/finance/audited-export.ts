import 'server-only';
import type { Readable } from 'node:stream';
import type { DbOrTx } from '@/db/connect';
import { recordAudit } from '@/lib/audit/record';
import type { StaffActor } from '@/lib/auth/actor';
import { log } from '@/lib/log';
import { type CsvColumn, csvStream, keysetBatches, reportWhenDone } from './csv';

/**
 * A CSV export of a filtered list, streamed in keyset batches (docs/adr/0005), and audited with
 * its filter and the rows that actually left when the stream ends — finished, failed or cancelled
 * by the client (`completed`). Shared by the refund history and the audit log exports.
 */
export function auditedCsvExport<Row, Cursor>({
  db,
  actor,
  read,
  cursorOf,
  batchSize,
  columns,
  audit,
}: {
  db: DbOrTx;
  actor: StaffActor;
  read: (after: Cursor | undefined) => Promise<Row[]>;
  cursorOf: (row: Row) => Cursor;
  batchSize: number;
  columns: ReadonlyArray<CsvColumn<Row>>;
  audit: { action: string; entityType: string; filter: Record<string, string> };
}): Readable {
  const batches = keysetBatches(read, cursorOf, batchSize);
  const audited = reportWhenDone(batches, (summary) =>
    recordAudit(db, actor, {
      action: audit.action,
      entityType: audit.entityType,
      data: { filter: audit.filter, ...summary },
    }).catch((error) => log.error({ err: error, action: audit.action }, 'could not audit an export')),
  );
  return csvStream(audited, columns);
}
