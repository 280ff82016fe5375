import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refunds } from '@/db/schema';
import { createRefundAction } from '@/lib/actions/refunds';
import type { StaffActor } from '@/lib/auth/actor';
import { countPendingApprovals, listPendingApprovals } from '@/lib/refunds/list-requests';
import { makeStaff, makeStore, refundInput } from '../../support/fixtures';
import { testDatabaseForFile } from '../../support/harness';
import { runAsActor } from '../../support/seams/current-actor';
import { uniqueNo } from '../../support/unique';
import { paidOrder, setPolicy, startRefundGateway } from './helpers';

/**
 * The approval queue and the navigation's count (docs/adr/0014): requests waiting in the viewer's
 * stores, oldest first; lapsed ones are not offered; the count leaves out the viewer's own, which
 * they may not decide.
 */

const database = testDatabaseForFile();
const db = () => database.db;
let gw: Awaited<ReturnType<typeof startRefundGateway>>;
let tidA: string;
let tidB: string;
let admin: StaffActor;
let managerA: StaffActor;
let managerB: StaffActor;
let supervisorA: StaffActor;
let supervisorB: StaffActor;

beforeAll(async () => {
  gw = await startRefundGateway(database.db);
  tidA = uniqueNo('TIDA');
  tidB = uniqueNo('TIDB');
  const storeA = await makeStore(database.db, [tidA]);
  const storeB = await makeStore(database.db, [tidB]);
  admin = await makeStaff(database.db, 'admin');
  managerA = await makeStaff(database.db, 'manager', [storeA.id]);
  managerB = await makeStaff(database.db, 'manager', [storeB.id]);
  supervisorA = await makeStaff(database.db, 'supervisor', [storeA.id]);
  supervisorB = await makeStaff(database.db, 'supervisor', [storeB.id]);
  await setPolicy(database.db, admin, { approvalThreshold: '100.00' });
});
afterAll(async () => {
  await gw?.close();
});

async function requestAbove(requester: StaffActor, tid: string, amount = '150.00') {
  const order = await paidOrder(db(), gw.control, { tid, amountCents: 50_000 });
  const result = await runAsActor(requester, () => createRefundAction(refundInput(order.id, amount)));
  expect(result.data?.status).toBe('pending_approval');
  return { order, refundId: result.data!.refundId };
}

describe('the approval queue', () => {
  it('shows each approver the requests of their stores, oldest first; an admin sees every store', async () => {
    const first = await requestAbove(managerA, tidA);
    const inB = await requestAbove(managerB, tidB);
    const second = await requestAbove(managerA, tidA, '200.00');

    const forA = await listPendingApprovals(db(), supervisorA);
    expect(forA.map((r) => r.refundId)).toEqual([first.refundId, second.refundId]);
    expect(forA[1]).toMatchObject({
      amountCents: 20_000,
      approvalThresholdCents: 10_000,
      requestedById: managerA.staffId,
      mine: false,
      order: { id: second.order.id, amountCents: 50_000 },
    });
    expect((await listPendingApprovals(db(), supervisorB)).map((r) => r.refundId)).toEqual([inB.refundId]);
    const forAdmin = (await listPendingApprovals(db(), admin)).map((r) => r.refundId);
    expect(forAdmin).toEqual(expect.arrayContaining([first.refundId, second.refundId, inB.refundId]));
  });

  it('does not offer a request that has lapsed, even before the worker ends it', async () => {
    const lapsed = await requestAbove(managerA, tidA);
    await db()
      .update(refunds)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(refunds.id, lapsed.refundId));
    expect((await listPendingApprovals(db(), supervisorA)).map((r) => r.refundId)).not.toContain(lapsed.refundId);
  });

  it('counts for the navigation what the viewer may decide: not their own requests', async () => {
    const before = await countPendingApprovals(db(), supervisorA);
    const theirs = await requestAbove(supervisorA, tidA);
    const listed = await listPendingApprovals(db(), supervisorA);
    // Listed, so they can withdraw it, but not counted: someone else must decide it.
    expect(listed.find((r) => r.refundId === theirs.refundId)?.mine).toBe(true);
    expect(await countPendingApprovals(db(), supervisorA)).toBe(before);
    await requestAbove(managerA, tidA);
    expect(await countPendingApprovals(db(), supervisorA)).toBe(before + 1);
    // Store B's approver is not told about store A's.
    expect(await countPendingApprovals(db(), supervisorB)).toBe(1);
  });
});
