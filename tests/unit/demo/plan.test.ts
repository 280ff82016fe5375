import { describe, expect, it } from 'vitest';
import { DEMO_USERS } from '@/scripts/demo/accounts';
import { type PlannedOrder, planDemoOrders } from '@/scripts/demo/plan';

/**
 * The demo's plan at the size `npm run demo` seeds (DEMO_ORDER_COUNT=3000), at several times of
 * day: what a store's staff see must look like a Hong Kong shop's trade whenever the demo starts.
 */

const COUNT = 3000;
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const NOWS = {
  'before opening': '2026-12-02T08:42:00+08:00',
  'just after opening': '2026-12-02T10:03:00+08:00',
  'at lunch': '2026-12-02T13:30:00+08:00',
  'after closing': '2026-12-02T22:30:00+08:00',
  'on a Sunday evening': '2026-12-06T19:00:00+08:00',
};

const hkClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Hong_Kong',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
/** Minutes since midnight in Hong Kong, read through the time-zone database. */
const hkMinutes = (at: Date) => {
  const [h, m] = hkClock.format(at).split(':').map(Number) as [number, number];
  return h * 60 + m;
};
const inShopHours = (at: Date) => hkMinutes(at) >= 10 * 60 && hkMinutes(at) < 22 * 60;
const role = (email: string) => DEMO_USERS.find((u) => u.email === email)?.role;
const isPaid = (o: PlannedOrder) => o.paidAt !== undefined && o.kind !== 'failed';

const plans = new Map(Object.values(NOWS).map((nowText) => [nowText, planDemoOrders(COUNT, new Date(nowText))]));

describe.each(Object.entries(NOWS))('the demo plan, seeded %s', (_, nowText) => {
  const now = new Date(nowText);
  const plan = plans.get(nowText)!;
  const refunds = plan.flatMap((order) => order.refunds.map((refund) => ({ order, refund })));

  it('is mostly paid orders, created in shop hours over about ninety days', () => {
    expect(plan).toHaveLength(COUNT);
    expect(plan.filter(isPaid).length / COUNT).toBeGreaterThanOrEqual(0.7);
    expect(plan.filter((o) => !inShopHours(o.createdAt)).map((o) => o.createdAt)).toEqual([]);
    const oldest = Math.min(...plan.map((o) => o.createdAt.getTime()));
    expect(now.getTime() - oldest).toBeGreaterThan(85 * DAY);
    expect(now.getTime() - oldest).toBeLessThanOrEqual(91 * DAY);
  });

  it('is busier at lunch and in the evening than mid-afternoon', () => {
    const inHour = (h: number) => plan.filter((o) => Math.floor(hkMinutes(o.createdAt) / 60) === h).length;
    expect(inHour(12) + inHour(13)).toBeGreaterThan(1.5 * (inHour(15) + inHour(16)));
    expect(inHour(18) + inHour(19)).toBeGreaterThan(1.5 * (inHour(15) + inHour(16)));
  });

  it('has customers pay seconds to minutes after the order, and the console hear of it after that', () => {
    const odd = plan.filter((o) => {
      const delay = o.paidAt ? o.paidAt.getTime() - o.createdAt.getTime() : 5_000;
      return delay < 5_000 || delay > 150_000 || o.seenAt <= (o.paidAt ?? o.createdAt);
    });
    expect(odd.map((o) => o.outTradeNo)).toEqual([]);
  });

  it('puts nothing in the future', () => {
    const times = plan.flatMap((o) => [
      o.createdAt,
      o.paidAt,
      o.seenAt,
      ...o.refunds.flatMap((r) => [r.at, r.answeredAt, r.settledAt]),
    ]);
    expect(times.filter((at) => at && at > now)).toEqual([]);
  });

  it('refunds in shop hours after the payment, by managers and supervisors, with every outcome', () => {
    const odd = refunds.filter(
      ({ order, refund }) =>
        !inShopHours(refund.at) ||
        refund.at <= order.paidAt! ||
        refund.answeredAt <= refund.at ||
        (refund.settledAt !== null && refund.settledAt < refund.answeredAt),
    );
    expect(odd.map(({ refund }) => refund.at)).toEqual([]);
    const byRole = (r: string) => refunds.filter(({ refund }) => role(refund.staff) === r).length;
    expect(byRole('supervisor')).toBeGreaterThan(0.15 * refunds.length);
    expect(byRole('manager')).toBeGreaterThan(0.5 * refunds.length);
    const scripts = refunds.map(({ refund }) => refund.script.kind);
    expect(new Set(scripts)).toEqual(new Set(['answered', 'refused', 'slow', 'lost']));
    expect(scripts.filter((s) => s === 'answered').length / scripts.length).toBeGreaterThan(0.9);
    // Mostly within days of the payment, some weeks later.
    const days = refunds.map(({ order, refund }) => (refund.at.getTime() - order.paidAt!.getTime()) / DAY);
    expect(days.filter((d) => d <= 7).length / days.length).toBeGreaterThan(0.6);
    expect(days.some((d) => d > 14)).toBe(true);
  });

  it('leaves the refunds in flight recent, and the others settled at once', () => {
    const inFlight = refunds.filter(({ refund }) => refund.script.kind === 'slow' || refund.script.kind === 'lost');
    expect(inFlight.length).toBeGreaterThan(0);
    expect(
      inFlight.filter(({ refund }) => refund.settledAt !== null || now.getTime() - refund.at.getTime() >= DAY),
    ).toEqual([]);
    expect(refunds.filter(({ refund }) => refund.settledAt === null)).toHaveLength(inFlight.length);
  });

  it('gives supervisors a few dozen abandoned orders to close, and recent unpaid ones only while open', () => {
    const unpaid = plan.filter((o) => o.kind === 'unpaid_recent' || o.kind === 'unpaid_abandoned');
    const age = (o: PlannedOrder) => now.getTime() - o.createdAt.getTime();
    const abandoned = unpaid.filter((o) => age(o) >= 15 * MINUTE);
    const recent = unpaid.filter((o) => age(o) < 15 * MINUTE);
    expect(abandoned.length).toBeGreaterThanOrEqual(20);
    expect(abandoned.length).toBeLessThanOrEqual(40);
    expect(abandoned.filter((o) => age(o) >= DAY)).toEqual([]);
    const open = inShopHours(now) && hkMinutes(now) - 10 * 60 >= 5;
    if (open) expect(recent.length).toBeGreaterThanOrEqual(2);
    else expect(recent).toHaveLength(0);
    expect(recent.length).toBeLessThanOrEqual(10);
  });

  it('shows a store manager a first page of mostly paid orders', () => {
    const newest = plan
      .filter((o) => o.tid.startsWith('T-CWB-'))
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
      .slice(0, 50);
    expect(newest.filter(isPaid).length).toBeGreaterThanOrEqual(35);
  });
});

it('has the same mix whatever the time it is seeded', () => {
  const mix = (plan: PlannedOrder[]) => plan.map((o) => [o.kind, o.wallet, o.tid, o.amountCents, o.subject].join());
  const [first, ...others] = [...plans.values()].map(mix);
  expect(others).toHaveLength(4);
  for (const other of others) expect(other).toEqual(first);
});
