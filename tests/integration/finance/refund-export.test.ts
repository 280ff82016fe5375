import { and, eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { GET as exportRefunds } from '@/app/api/exports/refunds/route';
import { auditLog, staffUsers } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actor';
import { toWebStream } from '@/lib/finance/csv';
import { exportRefundsCsv } from '@/lib/finance/export-refunds';
import { listRefunds } from '@/lib/finance/list-refunds';
import { RefundFilterInput } from '@/lib/finance/refund-filter';
import { getRefundTotals } from '@/lib/finance/refund-totals';
import { parseAmountToCents } from '@/lib/money';
import { makeStaff, makeStore } from '../../support/fixtures';
import { testDatabaseForFile } from '../../support/harness';
import { BOM, readExport } from './csv';
import { insertManyRefunds, insertOrder, insertRefund } from './helpers';
import { msg } from '@/lib/shared/messages';
import { runAsActor } from '../../support/seams/current-actor';

const database = testDatabaseForFile();

/** English headers; the `…_code` columns are named the same in every language. */
const HEADER = [
  'Requested at (Hong Kong time)',
  'Completed at (Hong Kong time)',
  'Store code',
  'Store',
  'Order no.',
  'eftPay order no.',
  'Refund no.',
  'Wallet',
  'wallet_code',
  'Currency',
  'Amount',
  'Reason',
  'reason_code',
  'Note',
  'Staff member',
  'Staff email',
  'Approved by',
  'Approved at (Hong Kong time)',
  'Status',
  'status_code',
  'eftPay status',
  'eftPay message',
];

/** Calls the route as `actor` would, through the browser's export link. */
async function download(actor: StaffActor | null, params: Record<string, string>) {
  const url = `http://console.test/api/exports/refunds?${new URLSearchParams(params)}`;
  return runAsActor(actor, () => exportRefunds(new Request(url)));
}

/** The body as text with its byte-order mark kept (Response.text() would drop it). */
async function bodyText(response: Response): Promise<string> {
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
}

const sumOf = (rows: Array<Record<string, string>>) =>
  rows.reduce((total, row) => total + parseAmountToCents(row.Amount ?? '')!, 0);

async function exportAudits(staffId: string) {
  return database.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.actorStaffId, staffId), eq(auditLog.action, 'refunds.exported')));
}

/** Two stores' refunds by one staff member, plus an unassigned order's. */
async function scenario() {
  const db = database.db;
  const cwb = await makeStore(db);
  const tst = await makeStore(db);
  const staff = await makeStaff(db, 'admin');
  const cwbOrder = await insertOrder(db, { storeId: cwb.id, wallet: 'WECHATHK', amountCents: 5_000_00 });
  const tstOrder = await insertOrder(db, { storeId: tst.id, wallet: 'ALIPAYHK', amountCents: 5_000_00 });
  const by = { requestedBy: staff.staffId };
  const refunds = [
    await insertRefund(db, cwbOrder, {
      ...by,
      amountCents: 123_45,
      reason: 'returned_goods',
      note: '顧客退回貨品，包裝完好',
      requestedAt: '2026-03-01T16:30:00Z',
      completedAt: '2026-03-01T16:30:02Z',
    }),
    await insertRefund(db, cwbOrder, { ...by, amountCents: 1, status: 'failed', requestedAt: '2026-03-03T01:00:00Z' }),
    await insertRefund(db, tstOrder, {
      ...by,
      amountCents: 99_99,
      status: 'unknown',
      note: '=HYPERLINK("http://evil.example")',
      requestedAt: '2026-03-04T01:00:00Z',
    }),
    await insertRefund(db, await insertOrder(db, { storeId: null }), {
      ...by,
      amountCents: 50_00,
      requestedAt: '2026-03-05T01:00:00Z',
    }),
  ];
  return { db, cwb, tst, staff, cwbOrder, refunds };
}

describe('the refund CSV export', () => {
  it('refuses a signed-out request with 401', async () => {
    const response = await download(null, {});
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ code: 'UNAUTHENTICATED', message: msg('errors.unauthenticated') });
  });

  it('refuses a user who must still change their one-time password, like every action', async () => {
    const finance = await makeStaff(database.db, 'finance');
    await database.db.update(staffUsers).set({ mustChangePassword: true }).where(eq(staffUsers.id, finance.staffId));
    const response = await download(finance, {});
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ code: 'FORBIDDEN', message: msg('errors.setup_first') });
  });

  it('validates the query string with the page’s schema and answers 400 with field errors', async () => {
    const finance = await makeStaff(database.db, 'finance');
    const response = await download(finance, { from: '2026-13-01', min: 'ten' });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.code).toBe('VALIDATION');
    expect(Object.keys(body.fieldErrors).sort()).toEqual(['from', 'min']);
    expect(await exportAudits(finance.staffId)).toEqual([]);
  });

  it('is exactly the filtered list: same rows in the same order, same sum, BOM and zone-stating header', async () => {
    const { db, staff } = await scenario();
    const finance = await makeStaff(db, 'finance');
    const params = { staff: staff.staffId, from: '2026-03-02', to: '2026-03-31' };
    const filter = RefundFilterInput.parse(params);

    const response = await download(finance, params);
    const text = await bodyText(response);
    const { header, rows } = readExport(text);
    const list = await listRefunds(db, finance.scope, filter);
    const totals = await getRefundTotals(db, finance.scope, filter);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename=refunds-\d{8}-\d{4}\.csv$/);
    expect(text.startsWith(`${BOM}Requested at (Hong Kong time),Completed at (Hong Kong time),`)).toBe(true);
    expect(header).toEqual(HEADER);
    expect(rows.map((r) => r['Refund no.'])).toEqual(list.rows.map((r) => r.refundNo));
    // 00:30 HKT on 2 March (16:30 UTC on the 1st) is inside a range starting on the 2nd.
    expect(rows).toHaveLength(4);
    expect(rows).toHaveLength(totals.all.count);
    expect(sumOf(rows)).toBe(totals.all.cents);
    expect(sumOf(rows)).toBe(123_45 + 1 + 99_99 + 50_00);
  });

  it('writes times in Hong Kong time, amounts as decimals, words beside codes, both order numbers and Chinese notes intact', async () => {
    const { db, cwb, staff, cwbOrder, refunds } = await scenario();
    const finance = await makeStaff(db, 'finance');

    const response = await download(finance, { q: refunds[0]!.refundNo });
    const bytes = new Uint8Array(await response.clone().arrayBuffer());
    const { rows } = readExport(await bodyText(response));

    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(rows).toEqual([
      {
        'Requested at (Hong Kong time)': '2026-03-02 00:30:00',
        'Completed at (Hong Kong time)': '2026-03-02 00:30:02',
        'Store code': cwb.code,
        Store: cwb.name,
        'Order no.': cwbOrder.outTradeNo,
        'eftPay order no.': cwbOrder.eftpayTradeNo!,
        'Refund no.': refunds[0]!.refundNo,
        Wallet: 'WeChat Pay HK',
        wallet_code: 'WECHATHK',
        Currency: 'HKD',
        Amount: '123.45',
        Reason: 'Returned goods',
        reason_code: 'returned_goods',
        Note: '顧客退回貨品，包裝完好',
        'Staff member': staff.name,
        'Staff email': staff.email,
        'Approved by': '',
        'Approved at (Hong Kong time)': '',
        Status: 'Succeeded',
        status_code: 'succeeded',
        'eftPay status': 'REFUND_SUCCESS',
        'eftPay message': '',
      },
    ]);
  });

  it('defuses spreadsheet formulas in free text', async () => {
    const { db, refunds } = await scenario();
    const finance = await makeStaff(db, 'finance');
    const { rows } = readExport(await bodyText(await download(finance, { q: refunds[2]!.refundNo })));
    expect(rows[0]?.Note).toBe(`'=HYPERLINK("http://evil.example")`);
  });

  it('streams in keyset batches and still returns every row once, in list order', async () => {
    const { db, staff } = await scenario();
    const order = await insertOrder(db, { storeId: null, amountCents: 9_000_00 });
    for (let i = 0; i < 9; i++) {
      await insertRefund(db, order, { requestedBy: staff.staffId, requestedAt: `2026-03-06 10:00:00.00000${i}+00` });
    }
    const finance = await makeStaff(db, 'finance');
    const filter = RefundFilterInput.parse({ staff: staff.staffId });

    const chunks: Buffer[] = [];
    for await (const chunk of exportRefundsCsv({ ctx: { db, actor: finance }, input: filter, batchSize: 4 })) {
      chunks.push(Buffer.from(chunk));
    }
    const { rows } = readExport(Buffer.concat(chunks).toString('utf8'));
    const list = await listRefunds(db, finance.scope, filter, { limit: 100 });

    expect(rows.map((r) => r['Refund no.'])).toEqual(list.rows.map((r) => r.refundNo));
    expect(rows).toHaveLength(13);
  });

  it('sends the header alone when nothing matches', async () => {
    const finance = await makeStaff(database.db, 'finance');
    const text = await bodyText(await download(finance, { staff: finance.staffId }));
    expect(text).toBe(`${BOM}${HEADER.join(',')}\n`);
  });

  it('gives a manager only their stores’ refunds, never unassigned orders’', async () => {
    const { db, cwb, staff } = await scenario();
    const manager = await makeStaff(db, 'manager', [cwb.id]);
    const { rows } = readExport(await bodyText(await download(manager, { staff: staff.staffId })));
    expect(rows.map((r) => r['Store code'])).toEqual([cwb.code, cwb.code]);
  });

  it('is audited with its filter and the number of rows sent', async () => {
    const { db, staff } = await scenario();
    const finance = await makeStaff(db, 'finance');
    const { rows } = readExport(
      await bodyText(await download(finance, { staff: staff.staffId, status: 'succeeded', min: '1' })),
    );

    const audits = await exportAudits(finance.staffId);
    expect(rows).toHaveLength(2);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      actorKind: 'staff',
      entityType: 'refund',
      ip: '127.0.0.1',
      data: { filter: { staff: staff.staffId, status: 'succeeded', min: '1.00' }, rows: 2, completed: true },
    });
  });

  it('audits a download the client abandoned, with the rows that had left', async () => {
    const { db, staff } = await scenario();
    const order = await insertOrder(db, { storeId: null, amountCents: 9_000_00 });
    // More rows than the stream buffers hold, so stopping early really leaves rows unread.
    await insertManyRefunds(db, order, 2_000, { requestedBy: staff.staffId });
    const finance = await makeStaff(db, 'finance');

    const csv = exportRefundsCsv({
      ctx: { db, actor: finance },
      input: RefundFilterInput.parse({ staff: staff.staffId }),
      batchSize: 50,
    });
    const reader = toWebStream(csv).getReader();
    expect((await reader.read()).value).toBeDefined(); // BOM and header
    expect((await reader.read()).value).toBeDefined(); // the first rows
    await reader.cancel(); // the browser went away
    await vi.waitFor(async () => expect(await exportAudits(finance.staffId)).toHaveLength(1));

    const [audit] = await exportAudits(finance.staffId);
    const data = audit!.data as { rows: number; completed: boolean };
    expect(data.completed).toBe(false);
    expect(data.rows).toBeGreaterThan(0);
    expect(data.rows).toBeLessThan(2_004);
  });
});
