import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET } from '@/app/api/orders/[id]/refunds/route';
import { createRefundAction } from '@/lib/actions/refunds';
import type { StaffActor } from '@/lib/auth/actor';
import { refreshOrder } from '@/lib/orders/refresh';
import { makeStaff, makeStore, refundInput } from '../../support/fixtures';
import { testDatabaseForFile } from '../../support/harness';
import { uniqueNo } from '../../support/unique';
import { paidOrder, startRefundGateway } from './helpers';
import { msg } from '@/lib/shared/messages';
import { runAsActor } from '../../support/seams/current-actor';

/** The small read the order page polls while a refund is not final: GET /api/orders/[id]/refunds. */

const database = testDatabaseForFile();
let gw: Awaited<ReturnType<typeof startRefundGateway>>;
let tid: string;
let manager: StaffActor;
let finance: StaffActor;
let otherManager: StaffActor;

beforeAll(async () => {
  gw = await startRefundGateway(database.db);
  tid = uniqueNo('TID');
  const store = await makeStore(database.db, [tid]);
  const other = await makeStore(database.db);
  manager = await makeStaff(database.db, 'manager', [store.id]);
  finance = await makeStaff(database.db, 'finance');
  otherManager = await makeStaff(database.db, 'manager', [other.id]);
});
afterAll(async () => {
  await gw?.close();
});

async function get(actor: StaffActor | null, id: string) {
  const response = await runAsActor(actor, () =>
    GET(new Request(`http://console.test/api/orders/${id}/refunds`), { params: Promise.resolve({ id }) }),
  );
  return { status: response.status, cache: response.headers.get('cache-control'), body: await response.json() };
}

describe('GET /api/orders/[id]/refunds', () => {
  it('shows a refund in flight as open, then final once settled, with the money worked out', async () => {
    const order = await paidOrder(database.db, gw.control, { tid, amountCents: 10_000 });
    await gw.control.fault({ match: { outTradeNo: order.outTradeNo }, fault: 'garbled' });
    const created = await runAsActor(manager, () => createRefundAction(refundInput(order.id, '40.00')));
    expect(created.data?.status).toBe('unknown');

    const during = await get(manager, order.id);
    expect(during.status).toBe(200);
    expect(during.cache).toBe('no-store');
    expect(during.body).toEqual({
      orderId: order.id,
      orderStatus: 'paid',
      amountCents: 10_000,
      refundedCents: 0,
      inFlightCents: 4000,
      awaitingApprovalCents: 0,
      refundableCents: 6000,
      open: true,
      refunds: [
        {
          id: created.data!.refundId,
          refundNo: created.data!.refundNo,
          amountCents: 4000,
          status: 'unknown',
          gatewayMessage: null,
          // Who is refunding now (the order page names them and the age).
          requestedById: manager.staffId,
          requestedByName: expect.stringContaining('manager'),
          requestedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        },
      ],
    });

    await refreshOrder({
      ctx: { db: database.db, actor: manager },
      input: { orderId: order.id },
      scope: manager.scope,
    });

    const after = await get(manager, order.id);
    expect(after.body).toMatchObject({
      orderStatus: 'partly_refunded',
      refundedCents: 4000,
      inFlightCents: 0,
      refundableCents: 6000,
      open: false,
      refunds: [expect.objectContaining({ status: 'succeeded' })],
    });
  });

  it('lets finance read every store’s refunds (read-only role)', async () => {
    const order = await paidOrder(database.db, gw.control, { tid, amountCents: 2000 });
    await runAsActor(manager, () => createRefundAction(refundInput(order.id, '20.00')));
    const read = await get(finance, order.id);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      orderStatus: 'fully_refunded',
      refundableCents: 0,
      open: false,
      refunds: [expect.objectContaining({ amountCents: 2000, status: 'succeeded' })],
    });
  });

  it('answers 401 to a caller who is not signed in', async () => {
    const order = await paidOrder(database.db, gw.control, { tid, amountCents: 1000 });
    const read = await get(null, order.id);
    expect(read.status).toBe(401);
    expect(read.body).toEqual({ code: 'UNAUTHENTICATED', message: msg('errors.unauthenticated') });
  });

  it('answers 404 for another store’s order, exactly as for one that does not exist', async () => {
    const order = await paidOrder(database.db, gw.control, { tid, amountCents: 1000 });
    const theirs = await get(otherManager, order.id);
    const missing = await get(otherManager, crypto.randomUUID());
    const nonsense = await get(otherManager, 'not-an-id');
    expect(theirs.status).toBe(404);
    expect(theirs.body).toEqual({ code: 'NOT_FOUND', message: msg('errors.not_found.order') });
    expect(missing).toEqual(theirs);
    expect(nonsense).toEqual(theirs);
  });
});
