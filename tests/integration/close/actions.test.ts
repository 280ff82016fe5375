import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, gatewayCalls } from '@/db/schema';
import { closeOrdersAction, previewCloseAction } from '@/lib/actions/close';
import type { CloseOutcome } from '@/lib/close/outcome';
import { makeStaff, orderRow } from '../../support/fixtures';
import { closeRequestsReceived, openCloseTestbed, type Testbed, timeline, unpaidOrder } from './helpers';
import { msg } from '@/lib/shared/messages';
import { runAsActor } from '../../support/seams/current-actor';

let tb: Testbed;
beforeAll(async () => {
  tb = await openCloseTestbed();
});
afterAll(() => tb.close());

const REASON = 'Abandoned after the lunch rush';
const tid = () => tb.store.tids[0]!;

async function closeAs(actor: Testbed['supervisor'], orderIds: string[], reason = REASON) {
  return runAsActor(actor, () => closeOrdersAction({ orderIds, reason }));
}

function outcomesOf(result: Awaited<ReturnType<typeof closeAs>>): CloseOutcome[] {
  expect(result.serverError).toBeUndefined();
  expect(result.validationErrors).toBeUndefined();
  return result.data!.outcomes;
}

describe('closeOrdersAction — who may close', () => {
  for (const role of ['manager', 'finance'] as const) {
    it(`refuses a ${role} (FORBIDDEN), changes nothing and calls no gateway`, async () => {
      const actor = await makeStaff(tb.db, role, role === 'manager' ? [tb.store.id] : []);
      const order = await unpaidOrder(tb, { tid: tid() });
      const sent = (await tb.control.requests({ outTradeNo: order.outTradeNo })).length;

      const result = await closeAs(actor, [order.orderId]);

      expect(result.serverError).toEqual({ code: 'FORBIDDEN', message: msg('errors.forbidden') });
      expect(result.data).toBeUndefined();
      expect((await orderRow(tb.db, order.orderId)).status).toBe('unpaid');
      expect(await tb.control.requests({ outTradeNo: order.outTradeNo })).toHaveLength(sent);
      const denied = await tb.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'access.denied'), eq(auditLog.actorStaffId, actor.staffId)));
      expect(denied.map((r) => r.entityId)).toEqual(['closeOrdersAction']);

      const preview = await runAsActor(actor, () => previewCloseAction({ orderIds: [order.orderId] }));
      expect(preview.serverError?.code).toBe('FORBIDDEN');
    });
  }

  it('lets an admin close an unassigned order (terminal no store owns)', async () => {
    const admin = await makeStaff(tb.db, 'admin');
    const order = await unpaidOrder(tb, { tid: 'T-NOBODY-9' });
    expect((await orderRow(tb.db, order.orderId)).storeId).toBeNull();

    expect(outcomesOf(await closeAs(admin, [order.orderId]))).toEqual([
      { orderId: order.orderId, outTradeNo: order.outTradeNo, result: 'closed' },
    ]);
    // …which a store supervisor cannot even see.
    const another = await unpaidOrder(tb, { tid: 'T-NOBODY-9' });
    expect(outcomesOf(await closeAs(tb.supervisor, [another.orderId]))).toMatchObject([
      { result: 'cannot_close', why: 'not_found' },
    ]);
  });

  it('answers not_found for another store’s order, with no gateway call for it', async () => {
    const theirs = await unpaidOrder(tb, { tid: tb.otherStore.tids[0]! });
    const mine = await unpaidOrder(tb, { tid: tid() });
    const sent = (await tb.control.requests({ outTradeNo: theirs.outTradeNo })).length;
    const logged = await tb.db.select().from(gatewayCalls).where(eq(gatewayCalls.outTradeNo, theirs.outTradeNo));

    const outcomes = outcomesOf(await closeAs(tb.supervisor, [theirs.orderId, mine.orderId]));

    expect(outcomes).toEqual([
      { orderId: theirs.orderId, outTradeNo: null, result: 'cannot_close', why: 'not_found' },
      { orderId: mine.orderId, outTradeNo: mine.outTradeNo, result: 'closed' },
    ]);
    expect(await tb.control.requests({ outTradeNo: theirs.outTradeNo })).toHaveLength(sent);
    expect(await tb.db.select().from(gatewayCalls).where(eq(gatewayCalls.outTradeNo, theirs.outTradeNo))).toHaveLength(
      logged.length,
    );
    expect((await orderRow(tb.db, theirs.orderId)).status).toBe('unpaid');
  });
});

describe('closeOrdersAction — bad input gets field errors and changes nothing', () => {
  it('requires a reason', async () => {
    const order = await unpaidOrder(tb, { tid: tid() });
    for (const reason of ['', '   ']) {
      const result = await closeAs(tb.supervisor, [order.orderId], reason);
      expect(result.validationErrors?.fieldErrors.reason).toEqual([msg('errors.close.reason_required')]);
    }
    const missing = await runAsActor(tb.supervisor, () =>
      closeOrdersAction({ orderIds: [order.orderId] } as unknown as { orderIds: string[]; reason: string }),
    );
    expect(missing.validationErrors?.fieldErrors.reason?.length).toBeGreaterThan(0);
    expect(await closeRequestsReceived(tb, order.outTradeNo)).toHaveLength(0);
    expect((await orderRow(tb.db, order.orderId)).status).toBe('unpaid');
  });

  it('limits the reason to 200 characters', async () => {
    const order = await unpaidOrder(tb, { tid: tid() });
    const result = await closeAs(tb.supervisor, [order.orderId], 'x'.repeat(201));
    expect(result.validationErrors?.fieldErrors.reason).toEqual([msg('errors.close.reason_too_long', { max: 200 })]);
    expect((await orderRow(tb.db, order.orderId)).status).toBe('unpaid');
  });

  it('refuses an empty selection and one of more than 100 orders', async () => {
    const empty = await closeAs(tb.supervisor, []);
    expect(empty.validationErrors?.fieldErrors.orderIds).toEqual([msg('errors.close.select_one')]);

    const ids = Array.from({ length: 101 }, () => crypto.randomUUID());
    const tooMany = await closeAs(tb.supervisor, ids);
    expect(tooMany.validationErrors?.fieldErrors.orderIds).toEqual([msg('errors.close.too_many', { max: 100 })]);

    const notIds = await closeAs(tb.supervisor, ['not-an-id']);
    expect(notIds.validationErrors?.fieldErrors.orderIds).toEqual([msg('errors.close.unknown_in_selection')]);

    const preview = await runAsActor(tb.supervisor, () => previewCloseAction({ orderIds: [] }));
    expect(preview.validationErrors?.fieldErrors.orderIds).toEqual([msg('errors.close.select_one')]);
  });
});

describe('closeOrdersAction — bulk', () => {
  it('closes many, keeps going past a failure and an unknown, and returns one outcome per order in order', async () => {
    const a = await unpaidOrder(tb, { wallet: 'ALIPAYHK', tid: tid() });
    const failing = await unpaidOrder(tb, { wallet: 'WECHATCN', tid: tid() });
    const b = await unpaidOrder(tb, { wallet: 'ATOME', tid: tid() });
    const lost = await unpaidOrder(tb, { wallet: 'UNIONPAY', tid: tid() });
    const paid = await unpaidOrder(tb, { wallet: 'ALIPAYCN', tid: tid() });
    const payme = await unpaidOrder(tb, { wallet: 'PAYME', tid: tid() });
    const young = await unpaidOrder(tb, { wallet: 'ALIPAYHK', tid: tid(), ageMinutes: 2 });
    await tb.control.fault({
      match: { outTradeNo: failing.outTradeNo, service: 'service.wechat.qrcode.Close' },
      fault: 'processing-then-result',
      apply: false,
    });
    await tb.control.fault({ match: { outTradeNo: lost.outTradeNo }, fault: 'http-500', times: 5 });
    await tb.control.pay(paid.outTradeNo, { notify: false });

    const ids = [a, failing, b, lost, paid, payme, young].map((o) => o.orderId);
    const outcomes = outcomesOf(await closeAs(tb.supervisor, ids));

    expect(outcomes.map((o) => [o.orderId, o.result])).toEqual([
      [a.orderId, 'closed'],
      [failing.orderId, 'failed'],
      [b.orderId, 'closed'],
      [lost.orderId, 'unknown'],
      [paid.orderId, 'already_paid'],
      [payme.orderId, 'cannot_close'],
      [young.orderId, 'cannot_close'],
    ]);
    expect(outcomes[1]).toMatchObject({ returnStatus: '99', message: 'system busy, request not processed' });
    expect(outcomes[5]).toMatchObject({ why: 'no_close_service' });
    expect(outcomes[6]).toMatchObject({ why: 'too_young' });
    const statuses = await Promise.all(ids.map(async (id) => (await orderRow(tb.db, id)).status));
    expect(statuses).toEqual(['closed', 'unpaid', 'closed', 'unpaid', 'paid', 'unpaid', 'unpaid']);
  });

  it('returns one outcome per distinct order when an id is repeated', async () => {
    const order = await unpaidOrder(tb, { tid: tid() });
    const outcomes = outcomesOf(await closeAs(tb.supervisor, [order.orderId, order.orderId]));
    expect(outcomes).toEqual([{ orderId: order.orderId, outTradeNo: order.outTradeNo, result: 'closed' }]);
    expect(await closeRequestsReceived(tb, order.outTradeNo)).toHaveLength(1);
  });

  it('closes at most 4 orders at a time', async () => {
    const batch = await Promise.all(Array.from({ length: 8 }, () => unpaidOrder(tb, { tid: tid() })));
    // Each Close answer is held 500 ms, so a Close stays in flight for at least that long after the
    // sandbox receives it. Counting the Closes received within 450 ms of one another can only
    // undercount how many were in flight together — a measure of concurrency that a slow machine
    // cannot inflate (a wall-clock bound could).
    const HOLD_MS = 500;
    for (const order of batch) {
      await tb.control.fault({
        match: { outTradeNo: order.outTradeNo, service: 'service.alipay.qrcode.Close' },
        fault: 'timeout',
        delayMs: HOLD_MS,
      });
    }
    const outcomes = outcomesOf(
      await closeAs(
        tb.supervisor,
        batch.map((o) => o.orderId),
      ),
    );
    expect(outcomes.every((o) => o.result === 'closed')).toBe(true);

    const mine = new Set(batch.map((o) => o.outTradeNo));
    const arrivals = (await tb.control.requests({ path: 'JSAPIService.do' }))
      .filter((r) => {
        const body = r.body as Record<string, string>;
        return body.service === 'service.alipay.qrcode.Close' && mine.has(body.out_trade_no ?? '');
      })
      .map((r) => new Date(r.at).getTime());
    expect(arrivals).toHaveLength(8);
    const together = Math.max(...arrivals.map((t) => arrivals.filter((u) => u <= t && u > t - (HOLD_MS - 50)).length));
    // Never more than four in flight, and more than one: the bulk close does run in parallel.
    expect(together).toBeLessThanOrEqual(4);
    expect(together).toBeGreaterThanOrEqual(2);
  });

  it('a rerun of the same selection is harmless: closed orders are not closed again', async () => {
    const first = await unpaidOrder(tb, { tid: tid() });
    const second = await unpaidOrder(tb, { wallet: 'WECHATCN', tid: tid() });
    const ids = [first.orderId, second.orderId];
    expect(outcomesOf(await closeAs(tb.supervisor, ids)).map((o) => o.result)).toEqual(['closed', 'closed']);

    const again = outcomesOf(await closeAs(tb.supervisor, ids));

    expect(again).toEqual([
      expect.objectContaining({ result: 'cannot_close', why: 'not_unpaid', status: 'closed' }),
      expect.objectContaining({ result: 'cannot_close', why: 'not_unpaid', status: 'closed' }),
    ]);
    expect(await closeRequestsReceived(tb, first.outTradeNo)).toHaveLength(1);
    expect(await closeRequestsReceived(tb, second.outTradeNo)).toHaveLength(1);
    expect((await orderRow(tb.db, first.orderId)).status).toBe('closed');
  });
});

describe('closeOrdersAction — the audit trail', () => {
  it('records the attempt and the outcome on the order’s timeline, naming the supervisor and the reason', async () => {
    const order = await unpaidOrder(tb, { tid: tid() });
    outcomesOf(await closeAs(tb.supervisor, [order.orderId]));

    const rows = await timeline(tb.db, order.orderId);
    expect(rows.map((r) => r.action)).toEqual(['order.found_at_eftpay', 'order.close_attempted', 'order.closed']);
    const [, attempted, closed] = rows;
    expect(attempted).toMatchObject({
      actorKind: 'staff',
      actorStaffId: tb.supervisor.staffId,
      storeId: tb.store.id,
      ip: '127.0.0.1',
      before: { status: 'unpaid' },
      data: { reason: REASON, wallet: 'ALIPAYHK' },
    });
    expect(closed).toMatchObject({
      actorKind: 'staff',
      actorStaffId: tb.supervisor.staffId,
      before: { status: 'unpaid' },
      after: { status: 'closed', tradeStatus: 'TRADE_CLOSED' },
      data: { reason: REASON, tradeStatus: 'TRADE_CLOSED', stage: 'close', closeSent: true },
    });
  });

  it('records a refusal with its reason too (here: no Close service)', async () => {
    const order = await unpaidOrder(tb, { wallet: 'FPS', tid: tid() });
    outcomesOf(await closeAs(tb.supervisor, [order.orderId]));
    const refused = (await timeline(tb.db, order.orderId)).filter((r) => r.action === 'order.close_refused');
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({
      actorStaffId: tb.supervisor.staffId,
      data: { reason: REASON, why: 'no_close_service', wallet: 'FPS' },
    });
  });

  it('keeps the reason as typed (trimmed) and never sends it to eftPay', async () => {
    const order = await unpaidOrder(tb, { tid: tid() });
    outcomesOf(await closeAs(tb.supervisor, [order.orderId], `  ${REASON} — table 7  `));
    const [attempted] = (await timeline(tb.db, order.orderId)).filter((r) => r.action === 'order.close_attempted');
    expect(attempted?.data).toMatchObject({ reason: `${REASON} — table 7` });
    const [request] = await closeRequestsReceived(tb, order.outTradeNo);
    expect(JSON.stringify(request)).not.toContain('table 7');
  });
});

describe('previewCloseAction', () => {
  it('classifies a selection by our records without calling eftPay', async () => {
    const ok = await unpaidOrder(tb, { tid: tid() });
    const gbpay = await unpaidOrder(tb, { wallet: 'GBPAY', tid: tid() });
    const young = await unpaidOrder(tb, { tid: tid(), ageMinutes: 1 });
    const done = await unpaidOrder(tb, { tid: tid() });
    outcomesOf(await closeAs(tb.supervisor, [done.orderId]));
    const theirs = await unpaidOrder(tb, { tid: tb.otherStore.tids[0]! });
    const orderIds = [ok, gbpay, young, done, theirs].map((o) => o.orderId);
    const calls = await tb.db.select().from(gatewayCalls).where(inArray(gatewayCalls.orderId, orderIds));

    const result = await runAsActor(tb.supervisor, () => previewCloseAction({ orderIds }));

    expect(result.data?.minAgeMinutes).toBe(15);
    expect(result.data?.items.map((i) => [i.orderId, i.blocker])).toEqual([
      [ok.orderId, null],
      [gbpay.orderId, 'no_close_service'],
      [young.orderId, 'too_young'],
      [done.orderId, 'not_unpaid'],
      [theirs.orderId, 'not_found'],
    ]);
    expect(result.data?.items[0]).toMatchObject({
      found: true,
      outTradeNo: ok.outTradeNo,
      storeName: tb.store.name,
      wallet: 'ALIPAYHK',
      amountCents: 4_200,
      status: 'unpaid',
    });
    expect(result.data?.items[4]).toEqual({ orderId: theirs.orderId, found: false, blocker: 'not_found' });
    expect(await tb.db.select().from(gatewayCalls).where(inArray(gatewayCalls.orderId, orderIds))).toHaveLength(
      calls.length,
    );
  });
});
