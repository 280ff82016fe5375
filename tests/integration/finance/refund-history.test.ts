import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { orders, refunds } from '@/db/schema';
import { getRefundFilterOptions } from '@/lib/finance/filter-options';
import { listRefunds } from '@/lib/finance/list-refunds';
import { type RefundFilter, RefundFilterInput } from '@/lib/finance/refund-filter';
import { makeStaff, makeStore } from '../../support/fixtures';
import { testDatabaseForFile } from '../../support/harness';
import { insertOrder, insertRefund } from './helpers';

const database = testDatabaseForFile();

const ALL = { kind: 'all' } as const;
const filter = (params: Record<string, string>): RefundFilter => RefundFilterInput.parse(params);
const refundNos = (rows: Array<{ refundNo: string }>) => rows.map((r) => r.refundNo);

/** A store, a staff member and their refunds: every test reads only its own staff member's rows. */
async function scenario() {
  const db = database.db;
  const store = await makeStore(db);
  const otherStore = await makeStore(db);
  const staff = await makeStaff(db, 'manager', [store.id, otherStore.id]);
  return { db, store, otherStore, staff };
}

describe('refund history', () => {
  it('lists refunds newest requested first, with their order, store and staff member', async () => {
    const { db, store, staff } = await scenario();
    const order = await insertOrder(db, { storeId: store.id, wallet: 'WECHATHK' });
    const older = await insertRefund(db, order, { requestedBy: staff.staffId, requestedAt: '2026-03-01T02:00:00Z' });
    const newer = await insertRefund(db, order, {
      requestedBy: staff.staffId,
      requestedAt: '2026-03-05T02:00:00Z',
      completedAt: '2026-03-05T02:00:03Z',
      amountCents: 12_34,
      reason: 'returned_goods',
      note: '退貨',
    });

    const page = await listRefunds(db, ALL, filter({ staff: staff.staffId }));

    expect(refundNos(page.rows)).toEqual([newer.refundNo, older.refundNo]);
    expect(page.rows[0]).toMatchObject({
      orderId: order.id,
      outTradeNo: order.outTradeNo,
      eftpayTradeNo: order.eftpayTradeNo,
      wallet: 'WECHATHK',
      storeCode: store.code,
      staffName: staff.name,
      amountCents: 12_34,
      reason: 'returned_goods',
      note: '退貨',
      status: 'succeeded',
      gatewayStatus: 'REFUND_SUCCESS',
      requestedAt: new Date('2026-03-05T02:00:00Z'),
      completedAt: new Date('2026-03-05T02:00:03Z'),
    });
  });

  it('reads the order’s numbers from the refund, copied by the database on insert and when the order changes', async () => {
    const { db, store, staff } = await scenario();
    const order = await insertOrder(db, { storeId: store.id });
    const refund = await insertRefund(db, order, { requestedBy: staff.staffId });
    // Whatever the application writes, the refund keeps its order's numbers.
    await db.update(refunds).set({ outTradeNo: 'NOT-THE-ORDER', currency: 'USD' }).where(eq(refunds.id, refund.id));
    await db.update(orders).set({ eftpayTradeNo: 'EP-LATER-0001' }).where(eq(orders.id, order.id));

    const [row] = (await listRefunds(db, ALL, filter({ staff: staff.staffId }))).rows;

    expect(row).toMatchObject({ outTradeNo: order.outTradeNo, eftpayTradeNo: 'EP-LATER-0001', currency: 'HKD' });
  });

  describe('filters', () => {
    it('by requested date range, in whole Hong Kong days', async () => {
      const { db, store, staff } = await scenario();
      const order = await insertOrder(db, { storeId: store.id });
      // 2026-03-01 23:59:59 HKT, 2026-03-02 00:30 HKT, 2026-03-03 23:59:59 HKT, 2026-03-04 00:00 HKT.
      const lastOfFirst = await insertRefund(db, order, {
        requestedBy: staff.staffId,
        requestedAt: '2026-03-01T15:59:59Z',
      });
      const earlySecond = await insertRefund(db, order, {
        requestedBy: staff.staffId,
        requestedAt: '2026-03-01T16:30:00Z',
      });
      const lastOfThird = await insertRefund(db, order, {
        requestedBy: staff.staffId,
        requestedAt: '2026-03-03T15:59:59Z',
      });
      const fourth = await insertRefund(db, order, { requestedBy: staff.staffId, requestedAt: '2026-03-03T16:00:00Z' });

      const page = await listRefunds(db, ALL, filter({ staff: staff.staffId, from: '2026-03-02', to: '2026-03-03' }));
      expect(refundNos(page.rows)).toEqual([lastOfThird.refundNo, earlySecond.refundNo]);

      const onlyFirst = await listRefunds(db, ALL, filter({ staff: staff.staffId, to: '2026-03-01' }));
      expect(refundNos(onlyFirst.rows)).toEqual([lastOfFirst.refundNo]);
      const fromFourth = await listRefunds(db, ALL, filter({ staff: staff.staffId, from: '2026-03-04' }));
      expect(refundNos(fromFourth.rows)).toEqual([fourth.refundNo]);
    });

    it('a refund requested at 00:30 HKT on the 2nd belongs to the 2nd', async () => {
      const { db, store, staff } = await scenario();
      const order = await insertOrder(db, { storeId: store.id });
      // 00:30 on 2 March in Hong Kong is still 1 March in UTC.
      const refund = await insertRefund(db, order, { requestedBy: staff.staffId, requestedAt: '2026-03-01T16:30:00Z' });

      const second = await listRefunds(db, ALL, filter({ staff: staff.staffId, from: '2026-03-02', to: '2026-03-02' }));
      const first = await listRefunds(db, ALL, filter({ staff: staff.staffId, from: '2026-03-01', to: '2026-03-01' }));

      expect(refundNos(second.rows)).toEqual([refund.refundNo]);
      expect(first.rows).toEqual([]);
    });

    it('by completed date range when the toggle says so, leaving out refunds not completed', async () => {
      const { db, store, staff } = await scenario();
      const order = await insertOrder(db, { storeId: store.id });
      const completedOnTheTenth = await insertRefund(db, order, {
        requestedBy: staff.staffId,
        requestedAt: '2026-03-09T15:00:00Z', // 23:00 HKT on the 9th
        completedAt: '2026-03-09T16:10:00Z', // 00:10 HKT on the 10th
      });
      await insertRefund(db, order, {
        requestedBy: staff.staffId,
        requestedAt: '2026-03-10T02:00:00Z',
        status: 'unknown',
      });

      const byCompleted = await listRefunds(
        db,
        ALL,
        filter({ staff: staff.staffId, from: '2026-03-10', to: '2026-03-10', basis: 'completed' }),
      );
      const byRequested = await listRefunds(
        db,
        ALL,
        filter({ staff: staff.staffId, from: '2026-03-10', to: '2026-03-10' }),
      );

      expect(refundNos(byCompleted.rows)).toEqual([completedOnTheTenth.refundNo]);
      expect(byRequested.rows.map((r) => r.status)).toEqual(['unknown']);
    });

    it('by store, and by unassigned orders', async () => {
      const { db, store, otherStore } = await scenario();
      const finance = await makeStaff(db, 'finance');
      const staff = await makeStaff(db, 'admin');
      const inStore = await insertRefund(db, await insertOrder(db, { storeId: store.id }), {
        requestedBy: staff.staffId,
      });
      await insertRefund(db, await insertOrder(db, { storeId: otherStore.id }), { requestedBy: staff.staffId });
      const unassigned = await insertRefund(db, await insertOrder(db, { storeId: null }), {
        requestedBy: staff.staffId,
      });

      const byStore = await listRefunds(db, finance.scope, filter({ staff: staff.staffId, store: store.id }));
      const byUnassigned = await listRefunds(db, finance.scope, filter({ staff: staff.staffId, store: 'unassigned' }));

      expect(refundNos(byStore.rows)).toEqual([inStore.refundNo]);
      expect(refundNos(byUnassigned.rows)).toEqual([unassigned.refundNo]);
    });

    it('by staff member', async () => {
      const { db, store, staff } = await scenario();
      const colleague = await makeStaff(db, 'manager', [store.id]);
      const order = await insertOrder(db, { storeId: store.id });
      const mine = await insertRefund(db, order, { requestedBy: staff.staffId });
      const theirs = await insertRefund(db, order, { requestedBy: colleague.staffId });

      expect(refundNos((await listRefunds(db, ALL, filter({ staff: staff.staffId }))).rows)).toEqual([mine.refundNo]);
      expect(refundNos((await listRefunds(db, ALL, filter({ staff: colleague.staffId }))).rows)).toEqual([
        theirs.refundNo,
      ]);
    });

    it('by status, wallet and reason', async () => {
      const { db, store, staff } = await scenario();
      const alipay = await insertOrder(db, { storeId: store.id, wallet: 'ALIPAYHK' });
      const wechat = await insertOrder(db, { storeId: store.id, wallet: 'WECHATHK' });
      const failed = await insertRefund(db, alipay, { requestedBy: staff.staffId, status: 'failed' });
      const wechatRefund = await insertRefund(db, wechat, { requestedBy: staff.staffId, reason: 'duplicate_payment' });
      await insertRefund(db, alipay, { requestedBy: staff.staffId, reason: 'wrong_amount' });

      const byStatus = await listRefunds(db, ALL, filter({ staff: staff.staffId, status: 'failed' }));
      const byWallet = await listRefunds(db, ALL, filter({ staff: staff.staffId, wallet: 'WECHATHK' }));
      const byReason = await listRefunds(db, ALL, filter({ staff: staff.staffId, reason: 'duplicate_payment' }));

      expect(refundNos(byStatus.rows)).toEqual([failed.refundNo]);
      expect(refundNos(byWallet.rows)).toEqual([wechatRefund.refundNo]);
      expect(refundNos(byReason.rows)).toEqual([wechatRefund.refundNo]);
    });

    it('by amount range, both ends inclusive', async () => {
      const { db, store, staff } = await scenario();
      const order = await insertOrder(db, { storeId: store.id, amountCents: 1_000_00 });
      await insertRefund(db, order, { requestedBy: staff.staffId, amountCents: 9_99 });
      const low = await insertRefund(db, order, { requestedBy: staff.staffId, amountCents: 10_00 });
      const high = await insertRefund(db, order, { requestedBy: staff.staffId, amountCents: 20_50 });
      await insertRefund(db, order, { requestedBy: staff.staffId, amountCents: 20_51 });

      const page = await listRefunds(db, ALL, filter({ staff: staff.staffId, min: '10', max: '20.50' }));

      expect(refundNos(page.rows).sort()).toEqual([low.refundNo, high.refundNo].sort());
    });

    it('by our order number, eftPay’s order number or our refund number', async () => {
      const { db, store, staff } = await scenario();
      const order = await insertOrder(db, { storeId: store.id });
      const first = await insertRefund(db, order, { requestedBy: staff.staffId });
      const second = await insertRefund(db, order, { requestedBy: staff.staffId });
      await insertRefund(db, await insertOrder(db, { storeId: store.id }), { requestedBy: staff.staffId });

      const byOrder = await listRefunds(db, ALL, filter({ q: order.outTradeNo }));
      const byEftpay = await listRefunds(db, ALL, filter({ q: order.eftpayTradeNo! }));
      const byRefund = await listRefunds(db, ALL, filter({ q: ` ${second.refundNo} ` }));

      expect(refundNos(byOrder.rows).sort()).toEqual([first.refundNo, second.refundNo].sort());
      expect(refundNos(byEftpay.rows).sort()).toEqual([first.refundNo, second.refundNo].sort());
      expect(refundNos(byRefund.rows)).toEqual([second.refundNo]);
    });
  });

  it('pages by keyset without skipping or repeating refunds requested microseconds apart', async () => {
    const { db, store, staff } = await scenario();
    const order = await insertOrder(db, { storeId: store.id });
    const created = [];
    // Seven refunds within one millisecond: a cursor kept as a JS Date would lose them.
    for (let i = 0; i < 7; i++) {
      created.push(
        await insertRefund(db, order, { requestedBy: staff.staffId, requestedAt: `2026-03-01 10:00:00.12345${i}+00` }),
      );
    }
    const newestFirst = refundNos(created).reverse();
    const f = filter({ staff: staff.staffId });

    const first = await listRefunds(db, ALL, f, { limit: 3 });
    const second = await listRefunds(db, ALL, f, { limit: 3, after: first.olderCursor! });
    const third = await listRefunds(db, ALL, f, { limit: 3, after: second.olderCursor! });

    expect([first, second, third].flatMap((p) => refundNos(p.rows))).toEqual(newestFirst);
    expect(first.newerCursor).toBeNull();
    expect(third.olderCursor).toBeNull();

    const back = await listRefunds(db, ALL, f, { limit: 3, before: third.newerCursor! });
    expect(refundNos(back.rows)).toEqual(refundNos(second.rows));
    const start = await listRefunds(db, ALL, f, { limit: 3, before: back.newerCursor! });
    expect(refundNos(start.rows)).toEqual(refundNos(first.rows));
    expect(start.newerCursor).toBeNull();
  });

  it('shows a manager only their stores’ refunds, never those of unassigned orders', async () => {
    const db = database.db;
    const mine = await makeStore(db);
    const theirs = await makeStore(db);
    const manager = await makeStaff(db, 'manager', [mine.id]);
    const admin = await makeStaff(db, 'admin');
    const visible = await insertRefund(db, await insertOrder(db, { storeId: mine.id }), { requestedBy: admin.staffId });
    await insertRefund(db, await insertOrder(db, { storeId: theirs.id }), { requestedBy: admin.staffId });
    await insertRefund(db, await insertOrder(db, { storeId: null }), { requestedBy: admin.staffId });

    const everything = await listRefunds(db, manager.scope, filter({}));
    const askingForUnassigned = await listRefunds(db, manager.scope, filter({ store: 'unassigned' }));
    const askingForTheirs = await listRefunds(db, manager.scope, filter({ store: theirs.id }));

    expect(refundNos(everything.rows)).toEqual([visible.refundNo]);
    expect(askingForUnassigned.rows).toEqual([]);
    expect(askingForTheirs.rows).toEqual([]);
    expect((await listRefunds(db, admin.scope, filter({ staff: admin.staffId }))).rows).toHaveLength(3);
  });

  it('offers a manager only their stores and the staff who refunded there', async () => {
    const db = database.db;
    const mine = await makeStore(db);
    const theirs = await makeStore(db);
    const manager = await makeStaff(db, 'manager', [mine.id]);
    const colleague = await makeStaff(db, 'manager', [mine.id]);
    const stranger = await makeStaff(db, 'manager', [theirs.id]);
    await insertRefund(db, await insertOrder(db, { storeId: mine.id }), { requestedBy: colleague.staffId });
    await insertRefund(db, await insertOrder(db, { storeId: theirs.id }), { requestedBy: stranger.staffId });

    const options = await getRefundFilterOptions(db, manager.scope);

    expect(options.stores.map((s) => s.id)).toEqual([mine.id]);
    expect(options.staff.map((s) => s.id)).toEqual([colleague.staffId]);
    expect(options.unassigned).toBe(false);
    const everyone = await getRefundFilterOptions(db, { kind: 'all' });
    expect(everyone.staff.map((s) => s.id)).toEqual(expect.arrayContaining([colleague.staffId, stranger.staffId]));
    expect(everyone.unassigned).toBe(true);
  });
});

describe('the refund filter schema', () => {
  it('treats blank fields as absent and parses amounts to cents', () => {
    expect(RefundFilterInput.parse({ from: '', staff: ' ', min: '1,200.5', max: '99999.99' })).toEqual({
      basis: 'requested',
      min: 1_200_50,
      max: 9_999_999,
    });
  });

  it('reports each bad value on its own field', () => {
    const result = RefundFilterInput.safeParse({
      from: '2026-02-30',
      status: 'refunded',
      wallet: 'BITCOIN',
      store: 'CWB',
      staff: 'mandy',
      min: '12.345',
      basis: 'whenever',
    });
    expect(result.success).toBe(false);
    const fields = result.error!.issues.map((i) => i.path[0]);
    expect(fields.sort()).toEqual(['basis', 'from', 'min', 'staff', 'status', 'store', 'wallet'].sort());
  });

  it('refuses a range whose end comes before its start', () => {
    const dates = RefundFilterInput.safeParse({ from: '2026-03-05', to: '2026-03-04' });
    const amounts = RefundFilterInput.safeParse({ min: '20', max: '10' });
    expect(dates.error?.issues.map((i) => i.path[0])).toEqual(['to']);
    expect(amounts.error?.issues.map((i) => i.path[0])).toEqual(['max']);
  });
});
