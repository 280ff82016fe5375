import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, gatewayCalls, refunds } from '@/db/schema';
import { approveRefundAction, cancelRefundAction, createRefundAction, rejectRefundAction } from '@/lib/actions/refunds';
import type { StaffActor } from '@/lib/auth/actor';
import { reconcileOnce } from '@/lib/jobs/reconcile';
import { expireRefundRequests } from '@/lib/refunds/approval';
import { refundTotals } from '@/lib/refunds/remainder';
import { msg } from '@/lib/shared/messages';
import { makeStaff, makeStore, orderRow, refundInput, refundRow } from '../../support/fixtures';
import { testDatabaseForFile } from '../../support/harness';
import { runAsActor } from '../../support/seams/current-actor';
import { uniqueNo } from '../../support/unique';
import { auditRowsFor, gatewayRefundCalls, paidOrder, remainderOf, setPolicy, startRefundGateway } from './helpers';

/**
 * Four eyes (docs/adr/0014): above the approval threshold a refund waits as `pending_approval`,
 * its amount reserved and nothing sent to eftPay, until a supervisor of its store or an
 * administrator other than the requester approves it (then it is sent like any refund), rejects
 * it, the requester cancels it, or it lapses.
 */

const database = testDatabaseForFile();
const db = () => database.db;
let gw: Awaited<ReturnType<typeof startRefundGateway>>;
let tid: string;
let tidB: string;
let tidC: string;
let storeId: string;
let storeBId: string;
let storeCId: string;
let admin: StaffActor;
let secondAdmin: StaffActor;
let manager: StaffActor;
let otherManager: StaffActor;
let supervisors: StaffActor[];
let supervisorB: StaffActor;

beforeAll(async () => {
  gw = await startRefundGateway(database.db);
  tid = uniqueNo('TID');
  tidB = uniqueNo('TIDB');
  tidC = uniqueNo('TIDC');
  storeId = (await makeStore(database.db, [tid])).id;
  storeBId = (await makeStore(database.db, [tidB])).id;
  storeCId = (await makeStore(database.db, [tidC])).id;
  admin = await makeStaff(database.db, 'admin');
  secondAdmin = await makeStaff(database.db, 'admin');
  manager = await makeStaff(database.db, 'manager', [storeId]);
  otherManager = await makeStaff(database.db, 'manager', [storeId]);
  supervisors = [
    await makeStaff(database.db, 'supervisor', [storeId]),
    await makeStaff(database.db, 'supervisor', [storeId]),
    await makeStaff(database.db, 'supervisor', [storeId]),
  ];
  supervisorB = await makeStaff(database.db, 'supervisor', [storeBId]);
});
afterAll(async () => {
  await gw?.close();
});

const supervisor = () => supervisors[0]!;
const request = (actor: StaffActor, orderId: string, amount: string) =>
  runAsActor(actor, () => createRefundAction(refundInput(orderId, amount)));
const approve = (actor: StaffActor, refundId: string) => runAsActor(actor, () => approveRefundAction({ refundId }));
const reject = (actor: StaffActor, refundId: string, reason: string) =>
  runAsActor(actor, () => rejectRefundAction({ refundId, reason }));
const cancel = (actor: StaffActor, refundId: string) => runAsActor(actor, () => cancelRefundAction({ refundId }));
const refundCalls = (outTradeNo: string) => gatewayRefundCalls(gw.control, outTradeNo);
const NOT_PENDING = { code: 'CONFLICT', message: msg('errors.approval.not_pending') };

/** A request waiting for approval on a fresh paid order of `amountCents` (threshold HKD 100.00). */
async function pendingRequest(requester: StaffActor, amount: string, amountCents = 50_000) {
  const order = await paidOrder(db(), gw.control, { tid, amountCents });
  const result = await request(requester, order.id, amount);
  expect(result.serverError).toBeUndefined();
  expect(result.data?.status).toBe('pending_approval');
  return { order, refundId: result.data!.refundId };
}

async function auditActionsFor(refundId: string) {
  return (await auditRowsFor(db(), refundId)).map((r) => r.action);
}

async function refusalsBy(actor: StaffActor, action: string) {
  return db()
    .select()
    .from(auditLog)
    .where(
      and(
        eq(auditLog.actorStaffId, actor.staffId),
        eq(auditLog.action, 'action.refused'),
        eq(auditLog.entityId, action),
      ),
    );
}

describe('a refund above the approval threshold', () => {
  beforeAll(() => setPolicy(database.db, admin, { approvalThreshold: '100.00' }));

  it('waits for approval: reserved against the order, nothing sent to eftPay', async () => {
    const order = await paidOrder(db(), gw.control, { tid, amountCents: 50_000 });

    const result = await request(manager, order.id, '150.00');

    expect(result.serverError).toBeUndefined();
    expect(result.data).toMatchObject({ status: 'pending_approval', amountCents: 15_000, replayed: false });
    const row = await refundRow(db(), result.data!.refundId);
    expect(row).toMatchObject({
      status: 'pending_approval',
      requestedBy: manager.staffId,
      approvalThresholdCents: 10_000,
      nextCheckAt: null,
      approvedBy: null,
      gatewayStatus: null,
    });
    // The policy's default expiry: four hours from the request.
    expect(row.expiresAt!.getTime() - row.requestedAt.getTime()).toBe(240 * 60_000);

    expect(await refundCalls(order.outTradeNo)).toHaveLength(0);
    expect(await db().select().from(gatewayCalls).where(eq(gatewayCalls.refundId, row.id))).toHaveLength(0);
    expect(await refundTotals(db(), order.id)).toEqual({
      refundedCents: 0,
      inFlightCents: 0,
      awaitingApprovalCents: 15_000,
    });
    expect(await remainderOf(db(), order.id)).toBe(35_000);
    expect(await orderRow(db(), order.id)).toMatchObject({ status: 'paid', refundedCents: 0 });

    const [requested, ...rest] = await auditRowsFor(db(), row.id);
    expect(rest).toEqual([]);
    expect(requested).toMatchObject({
      action: 'refund.requested',
      actorStaffId: manager.staffId,
      orderId: order.id,
      storeId,
      after: expect.objectContaining({ status: 'pending_approval', amountCents: 15_000 }),
      data: expect.objectContaining({ remainderBeforeCents: 50_000, approvalThresholdCents: 10_000 }),
    });

    // The reserved amount cannot be refunded a second time while it waits.
    const more = await request(otherManager, order.id, '350.01');
    expect(more.serverError?.fieldErrors).toEqual({
      amount: [msg('errors.refund.exceeds_remainder', { maxCents: 35_000 })],
    });
    expect(await remainderOf(db(), order.id)).toBe(35_000);
  });

  it('at or below the threshold, is sent at once as before', async () => {
    const order = await paidOrder(db(), gw.control, { tid, amountCents: 50_000 });

    const atThreshold = await request(manager, order.id, '100.00');
    expect(atThreshold.data).toMatchObject({ status: 'succeeded', amountCents: 10_000 });
    expect(await remainderOf(db(), order.id)).toBe(40_000);
    const below = await request(manager, order.id, '99.99');
    expect(below.data).toMatchObject({ status: 'succeeded', amountCents: 9_999 });
    expect(await remainderOf(db(), order.id)).toBe(30_001);
    const justAbove = await request(manager, order.id, '100.01');
    expect(justAbove.data?.status).toBe('pending_approval');
    expect(await remainderOf(db(), order.id)).toBe(20_000);

    expect(await refundCalls(order.outTradeNo)).toHaveLength(2);
    expect((await refundRow(db(), atThreshold.data!.refundId)).approvalThresholdCents).toBeNull();
  });

  it('uses a store’s own threshold instead of the global one, higher or lower', async () => {
    await setPolicy(db(), admin, {
      approvalThreshold: '100.00',
      stores: [
        { storeId: storeBId, approvalThreshold: '500.00' },
        { storeId: storeCId, approvalThreshold: '20.00' },
      ],
    });
    try {
      const inB = await paidOrder(db(), gw.control, { tid: tidB, amountCents: 100_000 });
      const inC = await paidOrder(db(), gw.control, { tid: tidC, amountCents: 50_000 });
      const inA = await paidOrder(db(), gw.control, { tid, amountCents: 50_000 });

      expect((await request(admin, inB.id, '200.00')).data?.status).toBe('succeeded');
      expect((await request(admin, inB.id, '500.01')).data?.status).toBe('pending_approval');
      const c = await request(admin, inC.id, '50.00');
      expect(c.data?.status).toBe('pending_approval');
      expect((await refundRow(db(), c.data!.refundId)).approvalThresholdCents).toBe(2_000);
      expect((await request(admin, inA.id, '50.00')).data?.status).toBe('succeeded');

      expect(await remainderOf(db(), inB.id)).toBe(100_000 - 20_000 - 50_001);
      expect(await remainderOf(db(), inC.id)).toBe(45_000);
      expect(await refundCalls(inC.outTradeNo)).toHaveLength(0);
    } finally {
      await setPolicy(db(), admin, { approvalThreshold: '100.00' });
    }
  });
});

describe('approving a request', () => {
  beforeAll(() => setPolicy(database.db, admin, { approvalThreshold: '100.00' }));

  it('by a supervisor of the store: sent to eftPay once, the approver recorded and audited', async () => {
    const { order, refundId } = await pendingRequest(manager, '150.00');
    expect(await remainderOf(db(), order.id)).toBe(35_000);

    const result = await approve(supervisor(), refundId);

    expect(result.serverError).toBeUndefined();
    expect(result.data).toMatchObject({ refundId, status: 'succeeded', amountCents: 15_000 });
    const row = await refundRow(db(), refundId);
    expect(row).toMatchObject({
      status: 'succeeded',
      requestedBy: manager.staffId,
      approvedBy: supervisor().staffId,
      expiresAt: null,
      approvalThresholdCents: 10_000,
    });
    expect(row.approvedAt).toBeInstanceOf(Date);
    expect(row.approvedAt!.getTime()).toBeGreaterThanOrEqual(row.requestedAt.getTime());

    const calls = await refundCalls(order.outTradeNo);
    expect(calls).toHaveLength(1);
    expect((await gw.control.order(order.outTradeNo))?.refunds).toEqual([
      expect.objectContaining({ refundNo: row.refundNo, amountCents: 15_000 }),
    ]);
    expect(await refundTotals(db(), order.id)).toEqual({
      refundedCents: 15_000,
      inFlightCents: 0,
      awaitingApprovalCents: 0,
    });
    expect(await remainderOf(db(), order.id)).toBe(35_000);
    expect(await orderRow(db(), order.id)).toMatchObject({ refundedCents: 15_000, status: 'partly_refunded' });

    const rows = await auditRowsFor(db(), refundId);
    expect(rows.map((r) => r.action)).toEqual(['refund.requested', 'refund.approved', 'refund.answered']);
    expect(rows[1]).toMatchObject({
      actorStaffId: supervisor().staffId,
      orderId: order.id,
      storeId,
      before: { status: 'pending_approval' },
      after: { status: 'requested', amountCents: 15_000, refundNo: row.refundNo },
      data: { requestedBy: manager.staffId, approvalThresholdCents: 10_000 },
    });
    expect(rows[2]).toMatchObject({ actorStaffId: supervisor().staffId, after: { status: 'succeeded' } });
  });

  it('five approvals at once send exactly one refund; the others are told it was already decided', async () => {
    const { order, refundId } = await pendingRequest(manager, '250.00');
    const approvers = [...supervisors, admin, secondAdmin];

    const results = await Promise.all(approvers.map((actor) => approve(actor, refundId)));

    const sent = results.filter((r) => r.data);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.data).toMatchObject({ refundId, status: 'succeeded' });
    const refused = results.filter((r) => !r.data);
    expect(refused.map((r) => r.serverError)).toEqual(Array(4).fill(NOT_PENDING));

    expect(await refundCalls(order.outTradeNo)).toHaveLength(1);
    expect((await gw.control.order(order.outTradeNo))?.refunds).toHaveLength(1);
    const row = await refundRow(db(), refundId);
    const winner = approvers[results.findIndex((r) => r.data)]!;
    expect(row).toMatchObject({ status: 'succeeded', approvedBy: winner.staffId });
    const approved = (await auditRowsFor(db(), refundId)).filter((r) => r.action === 'refund.approved');
    expect(approved.map((r) => r.actorStaffId)).toEqual([winner.staffId]);
    expect(await remainderOf(db(), order.id)).toBe(25_000);
    expect(await orderRow(db(), order.id)).toMatchObject({ refundedCents: 25_000 });
  });

  it('by the requester, however the call is made: FORBIDDEN, nothing changed, the refusal audited', async () => {
    for (const requester of [supervisor(), admin]) {
      const { order, refundId } = await pendingRequest(requester, '150.00');
      const before = await refundRow(db(), refundId);

      const approved = await approve(requester, refundId);
      const rejected = await reject(requester, refundId, 'Changed my mind');

      const own = { code: 'FORBIDDEN', message: msg('errors.approval.own_request') };
      expect(approved.serverError).toEqual(own);
      expect(approved.data).toBeUndefined();
      expect(rejected.serverError).toEqual(own);
      expect(await refundRow(db(), refundId)).toEqual(before);
      expect(await refundCalls(order.outTradeNo)).toHaveLength(0);
      expect(await auditActionsFor(refundId)).toEqual(['refund.requested']);
      expect(await remainderOf(db(), order.id)).toBe(35_000);

      const refusals = await refusalsBy(requester, 'approveRefundAction');
      expect(
        refusals.filter((r) => (r.data as { input?: { refundId?: string } }).input?.refundId === refundId),
      ).toEqual([
        expect.objectContaining({
          entityType: 'action',
          data: expect.objectContaining({ code: 'FORBIDDEN', message: msg('errors.approval.own_request') }),
        }),
      ]);
    }
  });

  it('by a supervisor of another store: NOT_FOUND, as for a request that does not exist', async () => {
    const { order, refundId } = await pendingRequest(manager, '150.00');

    const theirs = await approve(supervisorB, refundId);
    const missing = await approve(supervisorB, crypto.randomUUID());

    expect(theirs.serverError).toEqual({ code: 'NOT_FOUND', message: msg('errors.not_found.record') });
    expect(missing.serverError).toEqual(theirs.serverError);
    expect((await reject(supervisorB, refundId, 'Not ours')).serverError).toEqual(theirs.serverError);
    expect(await refundRow(db(), refundId)).toMatchObject({ status: 'pending_approval', approvedBy: null });
    expect(await refundCalls(order.outTradeNo)).toHaveLength(0);
    expect(await remainderOf(db(), order.id)).toBe(35_000);
  });

  it('by a manager, who may request but not approve: FORBIDDEN by the permission map', async () => {
    const { order, refundId } = await pendingRequest(manager, '150.00');
    const result = await approve(otherManager, refundId);
    expect(result.serverError).toEqual({ code: 'FORBIDDEN', message: msg('errors.forbidden') });
    expect(await refundRow(db(), refundId)).toMatchObject({ status: 'pending_approval' });
    expect(await refundCalls(order.outTradeNo)).toHaveLength(0);
  });

  it('is not bounded by the approver’s own limits: they bound what a person may start', async () => {
    await setPolicy(db(), admin, { approvalThreshold: '100.00', roles: { supervisor: { perRefund: '10.00' } } });
    try {
      const { refundId } = await pendingRequest(manager, '150.00');
      expect((await approve(supervisor(), refundId)).data?.status).toBe('succeeded');
    } finally {
      await setPolicy(db(), admin, { approvalThreshold: '100.00' });
    }
  });
});

describe('rejecting a request', () => {
  beforeAll(() => setPolicy(database.db, admin, { approvalThreshold: '100.00' }));

  it('ends it with the reason: the amount is free again, audited, and it cannot be approved after', async () => {
    const { order, refundId } = await pendingRequest(manager, '150.00');

    const result = await reject(supervisor(), refundId, '  Receipt does not match  ');

    expect(result.serverError).toBeUndefined();
    expect(result.data).toEqual({ refundId, status: 'rejected' });
    const row = await refundRow(db(), refundId);
    expect(row).toMatchObject({
      status: 'rejected',
      decidedBy: supervisor().staffId,
      decisionNote: 'Receipt does not match',
      approvedBy: null,
      expiresAt: null,
    });
    expect(row.decidedAt).toBeInstanceOf(Date);
    expect(row.completedAt).toEqual(row.decidedAt);
    expect(await refundTotals(db(), order.id)).toEqual({
      refundedCents: 0,
      inFlightCents: 0,
      awaitingApprovalCents: 0,
    });
    expect(await remainderOf(db(), order.id)).toBe(50_000);

    const rows = await auditRowsFor(db(), refundId);
    expect(rows.map((r) => r.action)).toEqual(['refund.requested', 'refund.rejected']);
    expect(rows[1]).toMatchObject({
      actorStaffId: supervisor().staffId,
      before: { status: 'pending_approval' },
      after: { status: 'rejected', amountCents: 15_000 },
      data: { requestedBy: manager.staffId, reason: 'Receipt does not match' },
    });

    expect((await approve(supervisors[1]!, refundId)).serverError).toEqual(NOT_PENDING);
    expect((await cancel(manager, refundId)).serverError).toEqual(NOT_PENDING);
    expect(await refundCalls(order.outTradeNo)).toHaveLength(0);
    // The whole sale can be asked for again.
    expect((await request(manager, order.id, '500.00')).data?.status).toBe('pending_approval');
    expect(await remainderOf(db(), order.id)).toBe(0);
  });

  it('needs a reason: a field error, and nothing changes', async () => {
    const { order, refundId } = await pendingRequest(manager, '150.00');
    for (const reason of ['', '   ']) {
      const result = await reject(supervisor(), refundId, reason);
      expect(result.data).toBeUndefined();
      expect(result.validationErrors?.fieldErrors).toEqual({ reason: [msg('errors.approval.reason_required')] });
    }
    expect(await refundRow(db(), refundId)).toMatchObject({ status: 'pending_approval', decidedBy: null });
    expect(await auditActionsFor(refundId)).toEqual(['refund.requested']);
    expect(await remainderOf(db(), order.id)).toBe(35_000);
  });
});

describe('cancelling a request', () => {
  beforeAll(() => setPolicy(database.db, admin, { approvalThreshold: '100.00' }));

  it('by its requester: cancelled, the amount free again, audited', async () => {
    const { order, refundId } = await pendingRequest(manager, '150.00');

    const result = await cancel(manager, refundId);

    expect(result.data).toEqual({ refundId, status: 'cancelled' });
    expect(await refundRow(db(), refundId)).toMatchObject({
      status: 'cancelled',
      decidedBy: manager.staffId,
      decisionNote: null,
      expiresAt: null,
    });
    expect(await remainderOf(db(), order.id)).toBe(50_000);
    const rows = await auditRowsFor(db(), refundId);
    expect(rows.map((r) => r.action)).toEqual(['refund.requested', 'refund.cancelled']);
    expect(rows[1]).toMatchObject({
      actorStaffId: manager.staffId,
      after: { status: 'cancelled', amountCents: 15_000 },
    });
    expect((await approve(supervisor(), refundId)).serverError).toEqual(NOT_PENDING);
    expect(await refundCalls(order.outTradeNo)).toHaveLength(0);
  });

  it('by anyone else — another manager, a supervisor, an admin — refused, nothing changed', async () => {
    const { order, refundId } = await pendingRequest(manager, '150.00');
    for (const someone of [otherManager, supervisor(), admin]) {
      const result = await cancel(someone, refundId);
      expect(result.serverError).toEqual({ code: 'FORBIDDEN', message: msg('errors.approval.only_requester') });
      expect(await refusalsBy(someone, 'cancelRefundAction')).not.toHaveLength(0);
    }
    expect(await refundRow(db(), refundId)).toMatchObject({ status: 'pending_approval', decidedBy: null });
    expect(await auditActionsFor(refundId)).toEqual(['refund.requested']);
    expect(await remainderOf(db(), order.id)).toBe(35_000);
  });
});

describe('a request nobody decides', () => {
  beforeAll(() => setPolicy(database.db, admin, { approvalThreshold: '100.00' }));

  const lapse = (refundId: string) =>
    db()
      .update(refunds)
      .set({ expiresAt: new Date(Date.now() - 1_000) })
      .where(eq(refunds.id, refundId));

  it('lapses at expires_at: expired by the job, its amount released, audited as the system', async () => {
    const { order, refundId } = await pendingRequest(manager, '150.00');
    const notYet = await pendingRequest(manager, '120.00');
    await lapse(refundId);

    // Past its time it cannot be approved, even before the job has run.
    expect((await approve(supervisor(), refundId)).serverError).toEqual(NOT_PENDING);
    expect(await remainderOf(db(), order.id)).toBe(35_000);

    expect(await expireRefundRequests(db())).toBe(1);

    const row = await refundRow(db(), refundId);
    expect(row).toMatchObject({ status: 'expired', decidedBy: null, expiresAt: null });
    expect(row.completedAt).toBeInstanceOf(Date);
    expect(await remainderOf(db(), order.id)).toBe(50_000);
    const rows = await auditRowsFor(db(), refundId);
    expect(rows.map((r) => r.action)).toEqual(['refund.requested', 'refund.expired']);
    expect(rows[1]).toMatchObject({
      actorKind: 'system',
      actorStaffId: null,
      orderId: order.id,
      storeId,
      before: { status: 'pending_approval' },
      after: { status: 'expired', amountCents: 15_000 },
    });
    expect(await refundCalls(order.outTradeNo)).toHaveLength(0);

    // The one not yet due still waits, and a second run finds nothing more.
    expect(await refundRow(db(), notYet.refundId)).toMatchObject({ status: 'pending_approval' });
    expect(await remainderOf(db(), notYet.order.id)).toBe(38_000);
    expect(await expireRefundRequests(db())).toBe(0);
  });

  it('is ended by the worker’s reconcile pass', async () => {
    const { order, refundId } = await pendingRequest(manager, '150.00');
    await lapse(refundId);

    const summary = await reconcileOnce({ db: db() });

    expect(summary.requestsExpired).toBe(1);
    expect(await refundRow(db(), refundId)).toMatchObject({ status: 'expired' });
    expect(await remainderOf(db(), order.id)).toBe(50_000);
  });
});

describe('a policy change after a request', () => {
  it('does not alter it: it keeps its threshold and expiry and can still be approved', async () => {
    await setPolicy(db(), admin, { approvalThreshold: '100.00' });
    const { order, refundId } = await pendingRequest(manager, '150.00', 100_000);
    const before = await refundRow(db(), refundId);

    expect(await setPolicy(db(), admin, { approvalThreshold: '200.00', expiryMinutes: '30' })).toEqual({
      changed: true,
    });

    expect(await refundRow(db(), refundId)).toEqual(before);
    expect(before).toMatchObject({ status: 'pending_approval', approvalThresholdCents: 10_000 });
    expect(await remainderOf(db(), order.id)).toBe(85_000);

    // The same amount asked for now goes straight through; a larger one waits under the new rules.
    const same = await request(manager, order.id, '150.00');
    expect(same.data?.status).toBe('succeeded');
    expect(await remainderOf(db(), order.id)).toBe(70_000);
    const larger = await request(manager, order.id, '250.00');
    expect(larger.data?.status).toBe('pending_approval');
    const newer = await refundRow(db(), larger.data!.refundId);
    expect(newer.approvalThresholdCents).toBe(20_000);
    expect(newer.expiresAt!.getTime() - newer.requestedAt.getTime()).toBe(30 * 60_000);
    expect(await remainderOf(db(), order.id)).toBe(45_000);

    // Nothing made earlier was re-evaluated: the first request still waits, and is approved as it was.
    expect(await refundRow(db(), refundId)).toMatchObject({ status: 'pending_approval' });
    expect((await approve(supervisor(), refundId)).data?.status).toBe('succeeded');
    expect(await refundTotals(db(), order.id)).toEqual({
      refundedCents: 30_000,
      inFlightCents: 0,
      awaitingApprovalCents: 25_000,
    });
    expect(await remainderOf(db(), order.id)).toBe(45_000);
  });
});
