import 'server-only';
import type { Readable } from 'node:stream';
import { labels } from '@/lib/i18n/labels';
import type { Locale } from '@/lib/i18n/locales';
import { translatorFor } from '@/lib/i18n/translator';
import { centsToAmount } from '@/lib/money';
import { REFUND_REASONS } from '@/lib/shared/refund-reasons';
import { REFUND_STATUSES } from '@/lib/shared/statuses';
import { WALLET_CODES } from '@/lib/shared/wallets';
import { auditedCsvExport, type CsvExportArgs } from './audited-export';
import { type CsvColumn, codeWords } from './csv';
import { exportRefundRows, type RefundExportRow } from './export-rows';
import { type RefundFilter, refundFilterParams } from './refund-filter';

/** Rows per database read: big enough to amortise the round trip, small enough to keep memory flat. */
export const EXPORT_BATCH_SIZE = 1_000;

/**
 * The books' columns, in the reader's language: headers and the words for wallets, reasons and
 * statuses (from the one label table) are translated here, once per export — a row only looks its
 * words up. Beside each word a `…_code` column keeps the code under a header that is the same in
 * every language, for spreadsheets and scripts that read the file. Times say their zone in the
 * header; amounts are decimal strings.
 */
function refundCsvColumns(locale: Locale): ReadonlyArray<CsvColumn<RefundExportRow>> {
  const t = translatorFor(locale);
  const header = (key: string) => t(`finance.csv.${key}`);
  const label = labels(t);
  const wallet = codeWords(WALLET_CODES, label.wallet);
  const reason = codeWords(REFUND_REASONS, label.refundReason);
  const status = codeWords(REFUND_STATUSES, label.refundStatus);
  return [
    // Formatted by Postgres: exact, and far cheaper than a million JavaScript time-zone conversions.
    { header: header('requestedAt'), value: (r) => r.requestedAtHk },
    { header: header('completedAt'), value: (r) => r.completedAtHk },
    { header: header('storeCode'), value: (r) => r.storeCode },
    { header: header('storeName'), value: (r) => r.storeName },
    { header: header('orderNo'), value: (r) => r.outTradeNo },
    { header: header('eftpayOrderNo'), value: (r) => r.eftpayTradeNo },
    { header: header('refundNo'), value: (r) => r.refundNo },
    { header: header('wallet'), value: (r) => wallet(r.wallet) },
    { header: 'wallet_code', value: (r) => r.wallet },
    { header: header('currency'), value: (r) => r.currency },
    { header: header('amount'), value: (r) => centsToAmount(r.amountCents) },
    { header: header('reason'), value: (r) => reason(r.reason) },
    { header: 'reason_code', value: (r) => r.reason },
    { header: header('note'), value: (r) => r.note },
    { header: header('staffName'), value: (r) => r.staffName },
    { header: header('staffEmail'), value: (r) => r.staffEmail },
    { header: header('approvedBy'), value: (r) => r.approverName },
    { header: header('approvedAt'), value: (r) => r.approvedAtHk },
    { header: header('status'), value: (r) => status(r.status) },
    { header: 'status_code', value: (r) => r.status },
    { header: header('gatewayStatus'), value: (r) => r.gatewayStatus },
    { header: header('gatewayMessage'), value: (r) => r.gatewayMessage },
  ];
}

/**
 * The CSV of exactly the filtered refund history, in list order, streamed. Every export is
 * audited (`refunds.exported`) with its filter and the number of rows that actually left: the row
 * is written when the stream ends — finished, failed or cancelled by the client (`completed`).
 */
export function exportRefundsCsv(args: CsvExportArgs<RefundFilter>): Readable {
  return auditedCsvExport(args, {
    capability: 'refunds.export',
    defaultBatchSize: EXPORT_BATCH_SIZE,
    read: exportRefundRows,
    cursorOf: (row) => row.id,
    columns: refundCsvColumns,
    audit: { action: 'refunds.exported', entityType: 'refund', filterParams: refundFilterParams },
  });
}
