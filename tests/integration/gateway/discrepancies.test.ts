import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/connect';
import { auditLog, gatewayDiscrepancies, orders, refunds } from '@/db/schema';
import { SYSTEM } from '@/lib/auth/actor';
import { resolveDiscrepancy } from '@/lib/discrepancies/resolve';
import { signParams } from '@/lib/eftpay/sign';
import { ingestSale } from '@/lib/orders/ingest';
import { msg } from '@/lib/shared/messages';
import { makeStaff, makeStore } from '../../support/fixtures';
import { testDatabaseForFile } from '../../support/harness';
import { uniqueNo } from '../../support/unique';
import { waitUntil } from '../../support/wait';
import { orderByNo, postToRoute, preOrder, SECRET, startConsoleGateway } from './helpers';

const database = testDatabaseForFile();
let db: Db;
let gw: Awaited<ReturnType<typeof startConsoleGateway>>;
let tid: string;

beforeAll(async () => {
  db = database.db;
  gw = await startConsoleGateway();
  tid = (await makeStore(db)).tids[0]!;
});

afterAll(async () => {
  await gw.close();
});

async function paidOrder(amountCents: number) {
  const outTradeNo = await preOrder(db, { wallet: 'ALIPAYHK', amountCents, tid });
  await gw.control.pay(outTradeNo);
  await waitUntil(async () => (await orderByNo(db, outTradeNo))?.status === 'paid');
  return (await orderByNo(db, outTradeNo))!;
}

async function discrepanciesFor(where: { orderId?: string; refundNo?: string }) {
  const rows = await db.select().from(gatewayDiscrepancies);
  return rows.filter(
    (row) =>
      (where.orderId === undefined || row.orderId === where.orderId) &&
      (where.refundNo === undefined || row.refundNo === where.refundNo),
  );
}

async function detectedAudits(discrepancyId: string) {
  return db.select().from(auditLog).where(eq(auditLog.entityId, discrepancyId));
}

function signedRefund(fields: Record<string, string>) {
  return signParams(
    { trade_type: 'REFUND', trade_status: 'REFUND_SUCCESS', time: '20250101120000', ...fields },
    SECRET,
  );
}

async function pendingRefund(orderId: string, amountCents: number) {
  const refundNo = uniqueNo('RF');
  const [row] = await db
    .insert(refunds)
    .values({
      orderId,
      refundNo,
      idempotencyKey: refundNo,
      amountCents,
      reason: 'customer_request',
      status: 'processing',
    })
    .returning();
  return row!;
}

describe('gateway discrepancies', () => {
  it('does not complete a 50.00 refund from a signed notification naming another order and 0.01', async () => {
    const order = await paidOrder(5_000);
    const other = await paidOrder(1_000);
    const refund = await pendingRefund(order.id, 5_000);

    const reply = await postToRoute(
      signedRefund({ out_trade_no: other.outTradeNo, refund_no: refund.refundNo, return_amount: '0.01' }),
    );
    expect(reply.status).toBe(200);
    expect(reply.body.return_code).toBe('success');

    const [after] = await db.select().from(refunds).where(eq(refunds.id, refund.id));
    expect(after?.status).toBe('processing');
    const found = await discrepanciesFor({ refundNo: refund.refundNo });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      kind: 'refund_mismatch',
      source: 'notification',
      refundId: refund.id,
      orderId: order.id,
      expected: { outTradeNo: order.outTradeNo, amountCents: 5_000 },
    });
    expect(found[0]?.notificationId).not.toBeNull();
    expect((await detectedAudits(found[0]!.id)).map((a) => a.action)).toEqual(['gateway.discrepancy_detected']);
  });

  it('records a signed notification for a refund we never made', async () => {
    const order = await paidOrder(2_000);
    const refundNo = uniqueNo('RX');
    const reply = await postToRoute(
      signedRefund({ out_trade_no: order.outTradeNo, refund_no: refundNo, return_amount: '20.00' }),
    );
    expect(reply.body.return_code).toBe('success');
    const found = await discrepanciesFor({ refundNo });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ kind: 'refund_unknown', orderId: order.id, refundId: null });
    expect((await orderByNo(db, order.outTradeNo))?.status).toBe('paid');
  });

  it('records a payment notification whose amount differs from ours, changing nothing', async () => {
    const order = await paidOrder(4_200);
    const reply = await postToRoute(
      signParams(
        {
          out_trade_no: order.outTradeNo,
          trade_status: 'TRADE_SUCCESS',
          payment_type: 'ALIPAYHK',
          total_fee: '0.42',
          time: '20250101120000',
        },
        SECRET,
      ),
    );
    expect(reply.body.return_code).toBe('success');
    expect(await orderByNo(db, order.outTradeNo)).toEqual(order);
    const found = await discrepanciesFor({ orderId: order.id });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      kind: 'payment_amount',
      source: 'notification',
      expected: { amountCents: 4_200 },
      reported: { amountCents: 42 },
    });
  });

  it('keeps the wallet of a paid order when a later signed notification names FPS', async () => {
    const order = await paidOrder(3_300);
    const reply = await postToRoute(
      signParams(
        {
          out_trade_no: order.outTradeNo,
          trade_status: 'TRADE_SUCCESS',
          payment_type: 'FPS',
          total_fee: '33.00',
          time: '20250101120000',
        },
        SECRET,
      ),
    );
    expect(reply.body.return_code).toBe('success');
    expect((await orderByNo(db, order.outTradeNo))?.wallet).toBe('ALIPAYHK');
    const found = await discrepanciesFor({ orderId: order.id });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      kind: 'payment_wallet',
      expected: { wallet: 'ALIPAYHK' },
      reported: { wallet: 'FPS' },
    });
  });

  it('records a Query answer with another amount as a discrepancy from the query', async () => {
    const order = await paidOrder(6_000);
    const ingested = await db.transaction((tx) =>
      ingestSale(
        tx,
        { outTradeNo: order.outTradeNo, wallet: 'ALIPAYHK', amountCents: 600, tradeStatus: 'TRADE_SUCCESS' },
        { actor: SYSTEM, action: 'order.reconciled' },
      ),
    );
    expect(ingested.result).toBe('conflict');
    const [unchanged] = await db.select().from(orders).where(eq(orders.id, order.id));
    expect(unchanged).toEqual(order);
    const found = await discrepanciesFor({ orderId: order.id });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ kind: 'payment_amount', source: 'query' });
  });
});

describe('resolving a discrepancy', () => {
  async function openDiscrepancy() {
    const order = await paidOrder(1_500);
    const refundNo = uniqueNo('RZ');
    await postToRoute(signedRefund({ out_trade_no: order.outTradeNo, refund_no: refundNo, return_amount: '15.00' }));
    const [row] = await discrepanciesFor({ refundNo });
    return row!;
  }

  it.each(['finance', 'admin'] as const)('lets %s mark it resolved with a note, audited', async (role) => {
    const row = await openDiscrepancy();
    const actor = await makeStaff(db, role);
    await resolveDiscrepancy({
      ctx: { db, actor },
      input: { discrepancyId: row.id, note: 'Asked eftPay; test refund.' },
    });
    const [after] = await db.select().from(gatewayDiscrepancies).where(eq(gatewayDiscrepancies.id, row.id));
    expect(after).toMatchObject({ resolvedBy: actor.staffId, resolutionNote: 'Asked eftPay; test refund.' });
    expect(after?.resolvedAt).toBeInstanceOf(Date);
    const audits = (await detectedAudits(row.id)).map((a) => a.action);
    expect(audits).toEqual(['gateway.discrepancy_detected', 'gateway.discrepancy_resolved']);
    await expect(
      resolveDiscrepancy({ ctx: { db, actor }, input: { discrepancyId: row.id, note: 'again' } }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it.each(['manager', 'supervisor'] as const)('refuses %s', async (role) => {
    const row = await openDiscrepancy();
    const actor = await makeStaff(db, role);
    await expect(
      resolveDiscrepancy({ ctx: { db, actor }, input: { discrepancyId: row.id, note: 'x' } }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const [after] = await db.select().from(gatewayDiscrepancies).where(eq(gatewayDiscrepancies.id, row.id));
    expect(after?.resolvedAt).toBeNull();
  });

  it('requires a note, with a field message', async () => {
    const row = await openDiscrepancy();
    const actor = await makeStaff(db, 'finance');
    await expect(
      resolveDiscrepancy({ ctx: { db, actor }, input: { discrepancyId: row.id, note: '   ' } }),
    ).rejects.toMatchObject({ code: 'VALIDATION', fieldErrors: { note: [msg('errors.discrepancies.note_required')] } });
  });
});
