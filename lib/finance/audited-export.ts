import 'server-only';
import type { Readable } from 'node:stream';
import type { DbOrTx } from '@/db/connect';
import { recordAudit } from '@/lib/audit/record';
import type { StaffActor } from '@/lib/auth/actor';
import { type Capability, can } from '@/lib/auth/permissions';
import { ForbiddenError } from '@/lib/errors';
import { DEFAULT_LOCALE, type Locale } from '@/lib/i18n/locales';
import { log } from '@/lib/log';
import { type CsvColumn, csvStream, keysetBatches, reportWhenDone } from './csv';

/**
 * A CSV export of a filtered list, streamed in keyset batches (docs/adr/0005), and audited with
 * its filter and the rows that actually left when the stream ends — finished, failed or cancelled
 * by the client (`completed`). Shared by the refund history and the audit log exports.
 */
export interface CsvExportArgs<Input> {
  ctx: { db: DbOrTx; actor: StaffActor };
  input: Input;
  /** The requester's language (the route finds it as every page does); else their stored choice. */
  locale?: Locale;
  batchSize?: number;
}

/** What differs between the exports: who may, what is read, how rows become columns, what is audited. */
export interface CsvExportSpec<Input, Row, Cursor> {
  capability: Capability;
  defaultBatchSize: number;
  read: (
    db: DbOrTx,
    scope: StaffActor['scope'],
    input: Input,
    page: { after?: Cursor; limit: number },
  ) => Promise<Row[]>;
  cursorOf: (row: Row) => Cursor;
  columns: (locale: Locale) => ReadonlyArray<CsvColumn<Row>>;
  audit: { action: string; entityType: string; filterParams: (input: Input) => Record<string, string> };
}

export function auditedCsvExport<Input, Row, Cursor>(
  { ctx: { db, actor }, input, locale = actor.locale ?? DEFAULT_LOCALE, batchSize }: CsvExportArgs<Input>,
  spec: CsvExportSpec<Input, Row, Cursor>,
): Readable {
  // The route checks first (and audits a refusal); this keeps the export safe for any other caller.
  if (!can(actor.role, spec.capability)) throw new ForbiddenError();
  const limit = batchSize ?? spec.defaultBatchSize;
  const batches = keysetBatches(
    (after: Cursor | undefined) => spec.read(db, actor.scope, input, { after, limit }),
    spec.cursorOf,
    limit,
  );
  const audited = reportWhenDone(batches, (summary) =>
    recordAudit(db, actor, {
      action: spec.audit.action,
      entityType: spec.audit.entityType,
      data: { filter: spec.audit.filterParams(input), ...summary },
    }).catch((error) => log.error({ err: error, action: spec.audit.action }, 'could not audit an export')),
  );
  return csvStream(audited, spec.columns(locale));
}
