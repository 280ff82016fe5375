import { describe, expect, it } from 'vitest';
import { GET as exportAudit } from '@/app/api/exports/audit/route';
import { GET as exportRefunds } from '@/app/api/exports/refunds/route';
import { auditLog } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actor';
import { makeStaff, makeStore } from '../../support/fixtures';
import { testDatabaseForFile } from '../../support/harness';
import { runAsActor } from '../../support/seams/current-actor';
import { BOM, readExport } from './csv';
import { insertOrder, insertRefund } from './helpers';

const database = testDatabaseForFile();

/** The refund export's header in Traditional Chinese; the `…_code` columns keep their names. */
const REFUND_HEADER_ZH = [
  '申請時間（香港時間）',
  '完成時間（香港時間）',
  '店舖代號',
  '店舖',
  '訂單編號',
  'eftPay 訂單編號',
  '退款編號',
  '電子錢包',
  'wallet_code',
  '貨幣',
  '金額',
  '原因',
  'reason_code',
  '備註',
  '職員',
  '職員電郵',
  '批核人',
  '批核時間（香港時間）',
  '狀態',
  'status_code',
  'eftPay 狀態',
  'eftPay 回覆',
];

async function download(
  route: (request: Request) => Promise<Response>,
  path: string,
  actor: StaffActor,
  params: Record<string, string>,
  headers: Record<string, string> = {},
) {
  const request = new Request(`http://console.test${path}?${new URLSearchParams(params)}`, { headers });
  const response = await runAsActor(actor, () => route(request));
  expect(response.status).toBe(200);
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
  expect(text.startsWith(BOM)).toBe(true);
  return readExport(text);
}

const refundsCsv = (actor: StaffActor, params: Record<string, string>, headers?: Record<string, string>) =>
  download(exportRefunds, '/api/exports/refunds', actor, params, headers);

/** One unknown FPS refund and one succeeded WeChat Pay HK refund, by one staff member. */
async function scenario() {
  const db = database.db;
  const store = await makeStore(db);
  const staff = await makeStaff(db, 'manager', [store.id]);
  const wechat = await insertOrder(db, { storeId: store.id, wallet: 'WECHATHK', amountCents: 500_00 });
  const fps = await insertOrder(db, { storeId: store.id, wallet: 'FPS', amountCents: 500_00 });
  const by = { requestedBy: staff.staffId };
  const succeeded = await insertRefund(db, wechat, {
    ...by,
    amountCents: 123_45,
    reason: 'returned_goods',
    note: '顧客退回貨品',
    requestedAt: '2026-03-01T16:30:00Z',
    completedAt: '2026-03-01T16:30:02Z',
  });
  const unknown = await insertRefund(db, fps, {
    ...by,
    amountCents: 20_00,
    reason: 'duplicate_payment',
    status: 'unknown',
    requestedAt: '2026-03-01T15:00:00Z',
  });
  return { store, staff, wechat, succeeded, unknown };
}

describe('exports in the requester’s language', () => {
  it('writes a zh-HK staff member’s refund export with Chinese headers and words, and the codes beside them', async () => {
    const { store, staff, wechat, succeeded, unknown } = await scenario();
    const finance = { ...(await makeStaff(database.db, 'finance')), locale: 'zh-HK' as const };

    const { header, rows } = await refundsCsv(finance, { staff: staff.staffId });

    expect(header).toEqual(REFUND_HEADER_ZH);
    expect(rows.map((r) => r.退款編號)).toEqual([succeeded.refundNo, unknown.refundNo]);
    expect(rows[0]).toEqual({
      '申請時間（香港時間）': '2026-03-02 00:30:00',
      '完成時間（香港時間）': '2026-03-02 00:30:02',
      店舖代號: store.code,
      店舖: store.name,
      訂單編號: wechat.outTradeNo,
      'eftPay 訂單編號': wechat.eftpayTradeNo!,
      退款編號: succeeded.refundNo,
      電子錢包: 'WeChat Pay HK',
      wallet_code: 'WECHATHK',
      貨幣: 'HKD',
      金額: '123.45',
      原因: '退貨',
      reason_code: 'returned_goods',
      備註: '顧客退回貨品',
      職員: staff.name,
      職員電郵: staff.email,
      批核人: '',
      '批核時間（香港時間）': '',
      狀態: '成功',
      status_code: 'succeeded',
      'eftPay 狀態': 'REFUND_SUCCESS',
      'eftPay 回覆': '',
    });
    expect(rows[1]).toMatchObject({
      電子錢包: '轉數快（FPS）',
      wallet_code: 'FPS',
      原因: '重複付款',
      reason_code: 'duplicate_payment',
      狀態: '結果未明，正在核實',
      status_code: 'unknown',
      金額: '20.00',
    });
  });

  it('keeps the code columns identical whatever the language', async () => {
    const { staff } = await scenario();
    const finance = await makeStaff(database.db, 'finance');
    const codes = (rows: Array<Record<string, string>>) =>
      rows.map((r) => [r.wallet_code, r.reason_code, r.status_code]);

    const english = await refundsCsv({ ...finance, locale: 'en' }, { staff: staff.staffId });
    const chinese = await refundsCsv({ ...finance, locale: 'zh-HK' }, { staff: staff.staffId });

    expect(codes(chinese.rows)).toEqual(codes(english.rows));
    expect(codes(english.rows)).toEqual([
      ['WECHATHK', 'returned_goods', 'succeeded'],
      ['FPS', 'duplicate_payment', 'unknown'],
    ]);
    expect(english.rows.map((r) => [r.Wallet, r.Reason, r.Status])).toEqual([
      ['WeChat Pay HK', 'Returned goods', 'Succeeded'],
      ['FPS', 'Duplicate payment', 'Unknown — being checked'],
    ]);
  });

  it('finds the language as the pages do: stored choice, then the NEXT_LOCALE cookie, then Accept-Language', async () => {
    const { staff } = await scenario();
    const finance = await makeStaff(database.db, 'finance');
    const params = { staff: staff.staffId };
    const firstHeader = async (actor: StaffActor, headers: Record<string, string>) =>
      (await refundsCsv(actor, params, headers)).header[0];

    expect(await firstHeader(finance, {})).toBe('Requested at (Hong Kong time)');
    expect(await firstHeader(finance, { 'accept-language': 'zh-HK,zh;q=0.9,en;q=0.8' })).toBe('申請時間（香港時間）');
    expect(await firstHeader(finance, { 'accept-language': 'zh-CN' })).toBe('Requested at (Hong Kong time)');
    expect(await firstHeader(finance, { cookie: 'theme=dark; NEXT_LOCALE=zh-HK', 'accept-language': 'en' })).toBe(
      '申請時間（香港時間）',
    );
    expect(await firstHeader({ ...finance, locale: 'en' }, { cookie: 'NEXT_LOCALE=zh-HK' })).toBe(
      'Requested at (Hong Kong time)',
    );
    expect(await firstHeader({ ...finance, locale: 'zh-HK' }, { 'accept-language': 'en' })).toBe(
      '申請時間（香港時間）',
    );
  });

  it('writes a zh-HK audit export with Chinese headers and who-words, and the actor kind code', async () => {
    const action = `test.language.${Date.now().toString(36)}`;
    const admin = { ...(await makeStaff(database.db, 'admin')), locale: 'zh-HK' as const };
    await database.db.insert(auditLog).values([
      { action, at: new Date('2026-03-01T01:00:00Z'), actorKind: 'eftpay', entityType: 'order', entityId: 'O1' },
      {
        action,
        at: new Date('2026-03-01T02:00:00Z'),
        actorKind: 'staff',
        actorStaffId: admin.staffId,
        entityType: 'order',
        entityId: 'O1',
      },
      { action, at: new Date('2026-03-01T03:00:00Z'), actorKind: 'system', entityType: 'order', entityId: 'O1' },
    ]);

    const { header, rows } = await download(exportAudit, '/api/exports/audit', admin, { action });

    expect(header).toEqual([
      '記錄編號',
      '時間（香港時間）',
      '操作者',
      'actor_kind_code',
      '姓名',
      '電郵',
      '操作',
      '對象類型',
      '對象編號',
      '訂單編號',
      '店舖代號',
      'IP 位址',
      '瀏覽器',
      '變更前（JSON）',
      '變更後（JSON）',
      '相關資料（JSON）',
      'at_utc',
      'actor_staff_id',
      'order_id',
      'store_id',
      'seq',
      'prev_hash',
      'hash',
    ]);
    expect(rows.map((r) => [r['時間（香港時間）'], r.操作者, r.actor_kind_code, r.姓名, r.操作])).toEqual([
      ['2026-03-01 11:00:00', '系統', 'system', '', action],
      ['2026-03-01 10:00:00', '職員', 'staff', admin.name, action],
      ['2026-03-01 09:00:00', 'eftPay', 'eftpay', '', action],
    ]);
  });
});
