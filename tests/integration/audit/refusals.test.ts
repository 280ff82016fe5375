import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as liveRefunds } from '@/app/api/orders/[id]/refunds/route';
import { auditLog } from '@/db/schema';
import { changeOwnPasswordAction } from '@/lib/actions/account';
import { findOrderAtEftpayAction, refreshOrderAction } from '@/lib/actions/intake';
import { createRefundAction } from '@/lib/actions/refunds';
import { actionClient } from '@/lib/actions/safe-action';
import { recordAudit } from '@/lib/audit/record';
import { recordReadRefusal } from '@/lib/audit/refusals';
import type { StaffActor } from '@/lib/auth/actor';
import { passGate } from '@/lib/auth/gate';
import { ConflictError } from '@/lib/errors';
import { msg } from '@/lib/shared/messages';
import { makeStaff, makeStore, refundInput } from '../../support/fixtures';
import { testDatabaseForFile } from '../../support/harness';
import { runAsActor } from '../../support/seams/current-actor';
import { uniqueNo } from '../../support/unique';
import { insertOrder } from '../orders/helpers';
import { paidOrder, refundRows, startRefundGateway } from '../refunds/helpers';

/**
 * One rule for refusals (docs/adr/0012): every refused action of a signed-in staff member leaves
 * one audit row — `action.refused`, or the verb's own event when it recorded the refusal itself —
 * written after the verb's transaction rolled back; input the schema rejects leaves none; a refused
 * read leaves at most one row a minute per staff member and path.
 */
const database = testDatabaseForFile();
const db = () => database.db;
let gw: Awaited<ReturnType<typeof startRefundGateway>>;
let tid: string;
let storeId: string;
let otherStoreId: string;
let manager: StaffActor;

beforeAll(async () => {
  gw = await startRefundGateway(database.db);
  tid = uniqueNo('TID');
  storeId = (await makeStore(database.db, [tid])).id;
  otherStoreId = (await makeStore(database.db)).id;
  manager = await makeStaff(database.db, 'manager', [storeId]);
});
afterAll(async () => {
  await gw?.close();
});

/** Every audit row this staff member caused, oldest first. */
async function rowsBy(actor: StaffActor) {
  return db().select().from(auditLog).where(eq(auditLog.actorStaffId, actor.staffId)).orderBy(auditLog.seq);
}

async function refusalsBy(actor: StaffActor) {
  return db()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.actorStaffId, actor.staffId), eq(auditLog.action, 'action.refused')))
    .orderBy(auditLog.seq);
}

/** A staff member of the manager's store with no audit history of their own. */
const freshManager = () => makeStaff(db(), 'manager', [storeId]);

describe('a refused action is audited once, as action.refused', () => {
  it('a refund of another store’s order: NOT_FOUND, one row naming the action and the order asked for, not on that order’s timeline', async () => {
    const me = await freshManager();
    const theirs = await insertOrder(db(), { storeId: otherStoreId });
    const result = await runAsActor(me, () => createRefundAction(refundInput(theirs.id, '10.00')));
    expect(result.serverError).toEqual({ code: 'NOT_FOUND', message: msg('errors.not_found.order') });

    const rows = await rowsBy(me);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      action: 'action.refused',
      entityType: 'action',
      entityId: 'createRefundAction',
      orderId: null,
      storeId: null,
      actorKind: 'staff',
      ip: '127.0.0.1',
    });
    expect(rows[0]!.data).toMatchObject({
      code: 'NOT_FOUND',
      message: msg('errors.not_found.order'),
      input: { orderId: theirs.id, amount: '10.00', reason: 'customer_request' },
    });
    expect(await refundRows(db(), theirs.id)).toHaveLength(0);
  });

  it('a refund of an unassigned order by a store’s manager: the same answer and the same row', async () => {
    const me = await freshManager();
    const unassigned = await insertOrder(db(), { storeId: null });
    const result = await runAsActor(me, () => createRefundAction(refundInput(unassigned.id, '1.00')));
    expect(result.serverError?.code).toBe('NOT_FOUND');
    expect(await refusalsBy(me)).toEqual([
      expect.objectContaining({ entityId: 'createRefundAction', data: expect.objectContaining({ code: 'NOT_FOUND' }) }),
    ]);
  });

  it('an over-refund: the field error and its amount are in the row, and the refund verb’s own writes rolled back', async () => {
    const me = await freshManager();
    const order = await insertOrder(db(), { storeId, amountCents: 10_000 });
    const result = await runAsActor(me, () => createRefundAction(refundInput(order.id, '100.01')));
    const refused = msg('errors.refund.exceeds_remainder', { maxCents: 10_000 });
    expect(result.serverError?.fieldErrors).toEqual({ amount: [refused] });

    const rows = await rowsBy(me);
    expect(rows.map((r) => r.action)).toEqual(['action.refused']);
    expect(rows[0]!.data).toMatchObject({ code: 'VALIDATION', field: 'amount', message: refused });
    expect(await refundRows(db(), order.id)).toHaveLength(0);
  });

  it('a refund of a fully refunded order: CONFLICT, audited', async () => {
    const me = await freshManager();
    const order = await paidOrder(db(), gw.control, { tid, amountCents: 2500 });
    expect((await runAsActor(me, () => createRefundAction(refundInput(order.id, '25.00')))).data?.status).toBe(
      'succeeded',
    );
    const again = await runAsActor(me, () => createRefundAction(refundInput(order.id, '0.01')));
    expect(again.serverError).toEqual({ code: 'CONFLICT', message: msg('errors.refund.already_fully_refunded') });

    const refusals = await refusalsBy(me);
    expect(refusals).toHaveLength(1);
    expect(refusals[0]!.data).toMatchObject({ code: 'CONFLICT', message: msg('errors.refund.already_fully_refunded') });
    expect(await refundRows(db(), order.id)).toHaveLength(1);
  });

  it('a status refresh of another store’s order: NOT_FOUND, audited, no call to eftPay', async () => {
    const me = await freshManager();
    const theirs = await insertOrder(db(), { storeId: otherStoreId, status: 'unpaid' });
    const result = await runAsActor(me, () => refreshOrderAction({ orderId: theirs.id }));
    expect(result.serverError?.code).toBe('NOT_FOUND');
    expect(await refusalsBy(me)).toEqual([expect.objectContaining({ entityId: 'refreshOrderAction' })]);
    expect(await gw.control.requests({ outTradeNo: theirs.outTradeNo })).toHaveLength(0);
  });

  it('a refusal the verb recorded itself is not recorded twice (Find at eftPay of another store’s order)', async () => {
    const me = await freshManager();
    const theirs = await insertOrder(db(), { storeId: otherStoreId });
    const result = await runAsActor(me, () =>
      findOrderAtEftpayAction({ outTradeNo: theirs.outTradeNo, wallet: 'ALIPAYHK' }),
    );
    expect(result.serverError?.code).toBe('NOT_FOUND');
    expect((await rowsBy(me)).map((r) => r.action)).toEqual(['order.find_refused']);
  });

  it('a wrong current password is audited as the password change’s own failure, and no password is ever kept', async () => {
    const me = await freshManager();
    const result = await runAsActor(me, () =>
      changeOwnPasswordAction({
        currentPassword: 'not-my-password-at-all',
        newPassword: 'quartz-lantern-kowloon-4817',
        confirmPassword: 'quartz-lantern-kowloon-4817',
      }),
    );
    expect(result.serverError?.fieldErrors?.currentPassword).toEqual([msg('errors.staff.current_password_wrong')]);
    const rows = await rowsBy(me);
    expect(rows.map((r) => r.action)).toEqual(['auth.password_change_failed']);
    expect(JSON.stringify(rows)).not.toMatch(/not-my-password|quartz-lantern/);
  });

  it('a weak new password is a refusal: audited, without the passwords', async () => {
    const me = await freshManager();
    const result = await runAsActor(me, () =>
      changeOwnPasswordAction({
        currentPassword: 'correct horse battery',
        newPassword: 'password1234',
        confirmPassword: 'password1234',
      }),
    );
    expect(result.serverError?.fieldErrors?.newPassword?.length).toBe(1);
    const refusals = await refusalsBy(me);
    expect(refusals).toHaveLength(1);
    expect(refusals[0]!.data).toMatchObject({ field: 'newPassword', input: {} });
    expect(JSON.stringify(refusals)).not.toMatch(/password1234|correct horse/);
  });

  it('input the schema rejects is not a refusal: field messages, no row', async () => {
    const me = await freshManager();
    const order = await insertOrder(db(), { storeId });
    const result = await runAsActor(me, () => createRefundAction(refundInput(order.id, 'ten dollars')));
    expect(result.validationErrors ?? result.serverError?.fieldErrors).toBeDefined();
    expect(await rowsBy(me)).toHaveLength(0);
  });

  it('a signed-out caller writes nothing', async () => {
    const before = await db().select({ id: auditLog.id }).from(auditLog);
    const order = await insertOrder(db(), { storeId });
    const result = await runAsActor(null, () => createRefundAction(refundInput(order.id, '1.00')));
    expect(result.serverError?.code).toBe('UNAUTHENTICATED');
    expect(await db().select({ id: auditLog.id }).from(auditLog)).toHaveLength(before.length);
  });

  it('the refusal row survives the rollback of everything the verb wrote before refusing', async () => {
    const admin = await makeStaff(db(), 'admin');
    const probe = actionClient
      .metadata({ name: 'refusingProbeAction', capability: 'orders.view' })
      .action(async ({ ctx }) =>
        ctx.db.transaction(async (tx) => {
          await recordAudit(tx, ctx.actor, { action: 'probe.partial_write', entityType: 'probe' });
          throw new ConflictError('errors.refund.not_paid');
        }),
      );
    const result = await runAsActor(admin, () => probe());
    expect(result.serverError).toEqual({ code: 'CONFLICT', message: msg('errors.refund.not_paid') });
    expect((await rowsBy(admin)).map((r) => [r.action, r.entityId])).toEqual([
      ['action.refused', 'refusingProbeAction'],
    ]);
  });

  it('each refused action is its own row: three refusals, three rows', async () => {
    const me = await freshManager();
    const theirs = await insertOrder(db(), { storeId: otherStoreId });
    for (let i = 0; i < 3; i += 1) await runAsActor(me, () => createRefundAction(refundInput(theirs.id, '1.00')));
    expect(await refusalsBy(me)).toHaveLength(3);
  });
});

describe('a refused read is audited at most once a minute per staff member and path', () => {
  it('polling another store’s order’s refunds: 404 each time, one access.refused row with the path', async () => {
    const me = await freshManager();
    const theirs = await insertOrder(db(), { storeId: otherStoreId });
    const get = () =>
      runAsActor(me, () =>
        liveRefunds(new Request(`http://console.test/api/orders/${theirs.id}/refunds`), {
          params: Promise.resolve({ id: theirs.id }),
        }),
      );
    for (let i = 0; i < 4; i += 1) expect((await get()).status).toBe(404);
    const rows = await rowsBy(me);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      action: 'access.refused',
      entityType: 'path',
      entityId: `/api/orders/${theirs.id}/refunds`,
      orderId: null,
    });
  });

  it('two paths are two rows; the same path again once the window has passed is another row', async () => {
    const me = await freshManager();
    const refuse = (path: string, windowSeconds?: number) =>
      recordReadRefusal(
        db(),
        me,
        { action: 'access.refused', entityType: 'path', entityId: path, data: { path } },
        windowSeconds === undefined ? undefined : { windowSeconds },
      );
    await refuse('/orders/a');
    await refuse('/orders/b');
    await refuse('/orders/a');
    expect((await rowsBy(me)).map((r) => r.entityId)).toEqual(['/orders/a', '/orders/b']);

    // A one-second window, to see it end without waiting a minute.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await refuse('/orders/a', 1);
    expect((await rowsBy(me)).map((r) => r.entityId)).toEqual(['/orders/a', '/orders/b', '/orders/a']);
  });

  it('ten concurrent refusals of one read write one row', async () => {
    const me = await freshManager();
    await Promise.all(
      Array.from({ length: 10 }, () =>
        recordReadRefusal(db(), me, {
          action: 'access.refused',
          entityType: 'path',
          entityId: '/orders/concurrent',
          data: { path: '/orders/concurrent' },
        }),
      ),
    );
    expect(await rowsBy(me)).toHaveLength(1);
  });

  it('a page the role may not open: access.denied once a minute; a refused action: every time', async () => {
    const finance = await makeStaff(db(), 'finance');
    const page = () =>
      runAsActor(finance, () => passGate({ capability: 'orders.refund', target: { kind: 'page', name: '/orders/x' } }));
    const action = () =>
      runAsActor(finance, () =>
        passGate({ capability: 'orders.refund', target: { kind: 'action', name: 'createRefundAction' } }),
      );
    for (let i = 0; i < 3; i += 1) {
      expect((await page()).ok).toBe(false);
      expect((await action()).ok).toBe(false);
    }
    const rows = await rowsBy(finance);
    expect(rows.filter((r) => r.entityType === 'page')).toHaveLength(1);
    expect(rows.filter((r) => r.entityType === 'action')).toHaveLength(3);
    expect(rows.every((r) => r.action === 'access.denied')).toBe(true);
  });
});
