import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { NotFoundError } from '@/lib/errors';
import { getRefundSlip } from '@/lib/refunds/slip';
import { makeStaff, makeStore } from '../../support/fixtures';
import { testDatabaseForFile } from '../../support/harness';
import { insertOrder, insertRefund } from '../finance/helpers';

const database = testDatabaseForFile();

/** A manager's store with a partial refund of one of its orders; another store's refund; an unassigned one. */
async function scenario() {
  const db = database.db;
  const mine = await makeStore(db);
  const theirs = await makeStore(db);
  const manager = await makeStaff(db, 'manager', [mine.id]);
  const order = await insertOrder(db, { storeId: mine.id, wallet: 'WECHATHK', amountCents: 100_00 });
  const refund = await insertRefund(db, order, {
    amountCents: 40_00,
    reason: 'returned_goods',
    requestedBy: manager.staffId,
    requestedAt: '2026-03-01T16:30:05Z',
    completedAt: '2026-03-01T16:30:07Z',
  });
  const theirOrder = await insertOrder(db, { storeId: theirs.id });
  const theirRefund = await insertRefund(db, theirOrder, { status: 'processing' });
  const unassignedRefund = await insertRefund(db, await insertOrder(db, { storeId: null }), { status: 'failed' });
  return { mine, theirs, manager, order, refund, theirRefund, unassignedRefund };
}

describe('getRefundSlip', () => {
  it('gives a manager the slip of their own store’s refund, every field right', async () => {
    const { mine, manager, order, refund } = await scenario();

    const slip = await getRefundSlip(database.db, manager.scope, refund.id);

    expect(slip).toEqual({
      refundId: refund.id,
      refundNo: refund.refundNo,
      orderId: order.id,
      outTradeNo: order.outTradeNo,
      storeCode: mine.code,
      storeName: mine.name,
      amountCents: 40_00,
      currency: 'HKD',
      wallet: 'WECHATHK',
      reason: 'returned_goods',
      status: 'succeeded',
      staffName: manager.name,
      requestedAt: '2026-03-01T16:30:05.000Z',
      completedAt: '2026-03-01T16:30:07.000Z',
    });
  });

  it('answers NotFound for another store’s refund, exactly as for one that does not exist', async () => {
    const { manager, theirRefund, unassignedRefund } = await scenario();

    for (const id of [theirRefund.id, unassignedRefund.id, randomUUID(), 'not-a-uuid', "1' or '1'='1"]) {
      const reading = getRefundSlip(database.db, manager.scope, id);
      await expect(reading, id).rejects.toBeInstanceOf(NotFoundError);
      await expect(getRefundSlip(database.db, manager.scope, id)).rejects.toThrow('errors.not_found.record');
    }
  });

  it('gives a manager of no store nothing, and finance every store’s and the unassigned orders’ slips', async () => {
    const { theirs, theirRefund, unassignedRefund } = await scenario();
    const storeless = await makeStaff(database.db, 'manager', []);
    const finance = await makeStaff(database.db, 'finance');

    await expect(getRefundSlip(database.db, storeless.scope, theirRefund.id)).rejects.toBeInstanceOf(NotFoundError);
    expect(await getRefundSlip(database.db, finance.scope, theirRefund.id)).toMatchObject({
      storeCode: theirs.code,
      status: 'processing',
      staffName: null,
      completedAt: null,
    });
    expect(await getRefundSlip(database.db, finance.scope, unassignedRefund.id)).toMatchObject({
      storeCode: null,
      storeName: null,
      status: 'failed',
    });
  });
});
