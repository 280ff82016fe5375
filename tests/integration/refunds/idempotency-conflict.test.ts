import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRefundAction } from '@/lib/actions/refunds';
import type { StaffActor } from '@/lib/auth/actor';
import { msg } from '@/lib/shared/messages';
import { makeStaff, makeStore, orderRow, refundInput } from '../../support/fixtures';
import { testDatabaseForFile } from '../../support/harness';
import { runAsActor } from '../../support/seams/current-actor';
import { uniqueNo } from '../../support/unique';
import { gatewayRefundCalls, paidOrder, refundRows, startRefundGateway } from './helpers';

const database = testDatabaseForFile();
let gw: Awaited<ReturnType<typeof startRefundGateway>>;
let tid: string;
let staff: StaffActor[];

beforeAll(async () => {
  gw = await startRefundGateway(database.db);
  tid = uniqueNo('TID');
  const store = await makeStore(database.db, [tid]);
  staff = await Promise.all([1, 2, 3, 4].map(() => makeStaff(database.db, 'manager', [store.id])));
});
afterAll(async () => {
  await gw?.close();
});

const db = () => database.db;
const usedForOther = { code: 'CONFLICT', message: msg('errors.refund.form_used_other_amount') };

describe('one form key sent again with different contents', () => {
  it('answers a conflict for another amount or reason, and stays a replay for the same amount', async () => {
    const order = await paidOrder(db(), gw.control, { tid, amountCents: 10_000 });
    const first = refundInput(order.id, '40.00');
    const created = await runAsActor(staff[0]!, () => createRefundAction(first));
    expect(created.data).toMatchObject({ amountCents: 4000, replayed: false });

    const otherAmount = await runAsActor(staff[0]!, () => createRefundAction({ ...first, amount: '90.00' }));
    expect(otherAmount.data).toBeUndefined();
    expect(otherAmount.serverError).toEqual(usedForOther);
    const otherReason = await runAsActor(staff[0]!, () =>
      createRefundAction({ ...first, reason: 'duplicate_payment' }),
    );
    expect(otherReason.data).toBeUndefined();
    expect(otherReason.serverError).toEqual(usedForOther);

    const same = await runAsActor(staff[0]!, () => createRefundAction({ ...first, amount: '40' }));
    expect(same.data).toMatchObject({ refundId: created.data!.refundId, amountCents: 4000, replayed: true });

    expect(await refundRows(db(), order.id)).toHaveLength(1);
    expect(await gatewayRefundCalls(gw.control, order.outTradeNo)).toHaveLength(1);
    expect((await orderRow(db(), order.id)).refundedCents).toBe(4000);
  });

  it('never answers one submission with a refund of another amount when they race', async () => {
    const order = await paidOrder(db(), gw.control, { tid, amountCents: 10_000 });
    const key = crypto.randomUUID();
    const amounts = ['10.00', '20.00', '30.00', '40.00'];
    const results = await Promise.all(
      amounts.map((amount, i) =>
        runAsActor(staff[i]!, () => createRefundAction({ ...refundInput(order.id, amount), idempotencyKey: key })),
      ),
    );
    const rows = await refundRows(db(), order.id);
    expect(rows).toHaveLength(1);
    results.forEach((result, i) => {
      const cents = Number.parseFloat(amounts[i]!) * 100;
      if (result.data) expect(result.data.amountCents).toBe(cents);
      else expect(result.serverError).toEqual(usedForOther);
    });
    expect(results.filter((r) => r.data)).toHaveLength(1);
  });
});
