import { describe, expect, it } from 'vitest';
import { listRefunds } from '@/lib/finance/list-refunds';
import { getRefundDaily } from '@/lib/finance/refund-daily';
import { aggregatesAnswer } from '@/lib/finance/refund-days';
import { type RefundFilter, RefundFilterInput } from '@/lib/finance/refund-filter';
import { getRefundTotals } from '@/lib/finance/refund-totals';
import { makeStaff, makeStore } from '../../support/fixtures';
import { testDatabaseForFile } from '../../support/harness';
import { insertOrder, insertRefund } from './helpers';

const database = testDatabaseForFile();

const ALL = { kind: 'all' } as const;
const filter = (params: Record<string, string>): RefundFilter => RefundFilterInput.parse(params);

describe('refund totals', () => {
  it('counts and sums the whole filtered set by status, wallet and store — not just the page', async () => {
    const db = database.db;
    const cwb = await makeStore(db);
    const tst = await makeStore(db);
    const staff = await makeStaff(db, 'supervisor', [cwb.id, tst.id]);
    const cwbAlipay = await insertOrder(db, { storeId: cwb.id, wallet: 'ALIPAYHK', amountCents: 10_000_00 });
    const tstWechat = await insertOrder(db, { storeId: tst.id, wallet: 'WECHATHK', amountCents: 10_000_00 });
    const by = { requestedBy: staff.staffId };
    await insertRefund(db, cwbAlipay, { ...by, amountCents: 100_00 });
    await insertRefund(db, cwbAlipay, { ...by, amountCents: 1 });
    await insertRefund(db, cwbAlipay, { ...by, amountCents: 50_00, status: 'failed' });
    await insertRefund(db, tstWechat, { ...by, amountCents: 33_33, status: 'processing' });
    await insertRefund(db, tstWechat, { ...by, amountCents: 66_67 });

    const f = filter({ staff: staff.staffId });
    const totals = await getRefundTotals(db, ALL, f);
    const page = await listRefunds(db, ALL, f, { limit: 2 });

    expect(page.rows).toHaveLength(2);
    expect(totals.all).toEqual({ count: 5, cents: 250_01 });
    expect(totals.byStatus).toEqual([
      { status: 'succeeded', count: 3, cents: 166_68 },
      { status: 'failed', count: 1, cents: 50_00 },
      { status: 'processing', count: 1, cents: 33_33 },
    ]);
    expect(totals.byWallet).toEqual([
      { wallet: 'ALIPAYHK', count: 3, cents: 150_01 },
      { wallet: 'WECHATHK', count: 2, cents: 100_00 },
    ]);
    expect(totals.byStore).toEqual([
      { storeId: cwb.id, storeCode: cwb.code, storeName: cwb.name, count: 3, cents: 150_01 },
      { storeId: tst.id, storeCode: tst.code, storeName: tst.name, count: 2, cents: 100_00 },
    ]);
  });

  it('reports unassigned orders’ refunds as a store of their own, and an empty set as zero', async () => {
    const db = database.db;
    const admin = await makeStaff(db, 'admin');
    await insertRefund(db, await insertOrder(db, { storeId: null }), { requestedBy: admin.staffId, amountCents: 7_00 });

    const totals = await getRefundTotals(db, ALL, filter({ staff: admin.staffId }));
    const none = await getRefundTotals(db, ALL, filter({ staff: admin.staffId, status: 'failed' }));

    expect(totals.byStore).toEqual([{ storeId: null, storeCode: null, storeName: null, count: 1, cents: 7_00 }]);
    expect(none).toEqual({ all: { count: 0, cents: 0 }, byStatus: [], byWallet: [], byStore: [] });
  });

  it('keeps a manager’s totals inside their stores', async () => {
    const db = database.db;
    const mine = await makeStore(db);
    const theirs = await makeStore(db);
    const manager = await makeStaff(db, 'manager', [mine.id]);
    const admin = await makeStaff(db, 'admin');
    await insertRefund(db, await insertOrder(db, { storeId: mine.id }), {
      requestedBy: admin.staffId,
      amountCents: 1_00,
    });
    await insertRefund(db, await insertOrder(db, { storeId: theirs.id }), {
      requestedBy: admin.staffId,
      amountCents: 2_00,
    });
    await insertRefund(db, await insertOrder(db, { storeId: null }), { requestedBy: admin.staffId, amountCents: 4_00 });

    const totals = await getRefundTotals(db, manager.scope, filter({ staff: admin.staffId }));

    expect(totals.all).toEqual({ count: 1, cents: 1_00 });
    expect(totals.byStore.map((s) => s.storeId)).toEqual([mine.id]);
  });
});

describe('totals and chart of an amount range', () => {
  it('count the refunds of at most 31 days, and refuse an open or longer range rather than scan the history', async () => {
    const db = database.db;
    const staff = await makeStaff(db, 'supervisor');
    const order = await insertOrder(db, { storeId: null, amountCents: 10_000_00 });
    const by = { requestedBy: staff.staffId };
    await insertRefund(db, order, { ...by, amountCents: 25_00, requestedAt: '2026-05-01T01:00:00Z' });
    await insertRefund(db, order, { ...by, amountCents: 5_00, requestedAt: '2026-05-31T15:30:00Z' });
    await insertRefund(db, order, { ...by, amountCents: 40_00, requestedAt: '2026-05-31T16:30:00Z' }); // 00:30 on 1 June, HKT
    const month = { staff: staff.staffId, min: '20', from: '2026-05-01', to: '2026-05-31' };

    expect(aggregatesAnswer(filter(month))).toBe(true);
    expect((await getRefundTotals(db, ALL, filter(month))).all).toEqual({ count: 1, cents: 25_00 });
    const days = await getRefundDaily(db, ALL, filter({ ...month, from: '2026-05-02', to: '2026-06-01' }));
    expect(days.filter((d) => d.succeeded > 0)).toEqual([
      { day: '2026-06-01', succeeded: 40_00, inFlight: 0, failed: 0 },
    ]);

    // A number is a handful of refunds, whatever the dates; an amount alone or over 32 days is not.
    expect(aggregatesAnswer(filter({ min: '20', q: 'R-ANY' }))).toBe(true);
    const unbounded: Array<Record<string, string>> = [
      { staff: staff.staffId, min: '20' },
      { staff: staff.staffId, max: '20', from: '2026-05-01' },
      { staff: staff.staffId, min: '20', from: '2026-05-01', to: '2026-06-01' },
    ];
    for (const params of unbounded) {
      expect(aggregatesAnswer(filter(params)), JSON.stringify(params)).toBe(false);
      await expect(getRefundTotals(db, ALL, filter(params))).rejects.toThrow(RangeError);
      await expect(getRefundDaily(db, ALL, filter(params))).rejects.toThrow(RangeError);
    }
    // Without an amount, any range is a rollup's.
    expect(aggregatesAnswer(filter({ staff: staff.staffId }))).toBe(true);
  });
});

describe('the daily chart', () => {
  it('puts a refund requested at 00:30 HKT on the 2nd in the 2nd’s bucket', async () => {
    const db = database.db;
    const store = await makeStore(db);
    const staff = await makeStaff(db, 'manager', [store.id]);
    const order = await insertOrder(db, { storeId: store.id });
    await insertRefund(db, order, {
      requestedBy: staff.staffId,
      amountCents: 5_00,
      requestedAt: '2026-03-01T15:59:59Z',
    });
    await insertRefund(db, order, {
      requestedBy: staff.staffId,
      amountCents: 7_00,
      requestedAt: '2026-03-01T16:30:00Z',
    });

    const days = await getRefundDaily(db, ALL, filter({ staff: staff.staffId }));

    expect(days).toEqual([
      { day: '2026-03-01', succeeded: 5_00, inFlight: 0, failed: 0 },
      { day: '2026-03-02', succeeded: 7_00, inFlight: 0, failed: 0 },
    ]);
  });

  it('splits each day by outcome and shows quiet days of the range as zero', async () => {
    const db = database.db;
    const store = await makeStore(db);
    const staff = await makeStaff(db, 'manager', [store.id]);
    const order = await insertOrder(db, { storeId: store.id, amountCents: 1_000_00 });
    const by = { requestedBy: staff.staffId, requestedAt: '2026-04-02T04:00:00Z' };
    await insertRefund(db, order, { ...by, amountCents: 10_00 });
    await insertRefund(db, order, { ...by, amountCents: 20_00, status: 'unknown' });
    await insertRefund(db, order, { ...by, amountCents: 30_00, status: 'requested' });
    await insertRefund(db, order, { ...by, amountCents: 40_00, status: 'failed' });

    const days = await getRefundDaily(db, ALL, filter({ staff: staff.staffId, from: '2026-04-01', to: '2026-04-03' }));

    expect(days).toEqual([
      { day: '2026-04-01', succeeded: 0, inFlight: 0, failed: 0 },
      { day: '2026-04-02', succeeded: 10_00, inFlight: 50_00, failed: 40_00 },
      { day: '2026-04-03', succeeded: 0, inFlight: 0, failed: 0 },
    ]);
  });

  it('buckets by the completed day when the filter reads completed times', async () => {
    const db = database.db;
    const store = await makeStore(db);
    const staff = await makeStaff(db, 'manager', [store.id]);
    const order = await insertOrder(db, { storeId: store.id });
    await insertRefund(db, order, {
      requestedBy: staff.staffId,
      amountCents: 9_00,
      requestedAt: '2026-05-01T15:50:00Z', // 23:50 HKT on the 1st
      completedAt: '2026-05-01T16:05:00Z', // 00:05 HKT on the 2nd
    });
    await insertRefund(db, order, {
      requestedBy: staff.staffId,
      status: 'processing',
      requestedAt: '2026-05-01T10:00:00Z',
    });

    const days = await getRefundDaily(db, ALL, filter({ staff: staff.staffId, basis: 'completed' }));

    expect(days).toEqual([{ day: '2026-05-02', succeeded: 9_00, inFlight: 0, failed: 0 }]);
  });
});
