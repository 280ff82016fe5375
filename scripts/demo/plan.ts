import { randomBytes, randomUUID } from 'node:crypto';
import { toGatewayTime } from '@/lib/eftpay/time';
import { WALLETS, type Wallet } from '@/lib/eftpay/wallets';
import { DEMO_STORES, UNMAPPED_TID } from './accounts';
import { type DemoKind, refundKinds } from './kinds';
import { type PlannedRefund, planRefunds } from './plan-refunds';
import { prng, type Random } from './random';
import {
  DAY,
  HOUR,
  lastShopMoment,
  MINUTE,
  SECOND,
  type ShopCalendar,
  sessionOf,
  shopCalendar,
  shopMinutesBefore,
} from './shop-hours';
import { staffFor } from './staff';

/**
 * The demo's story, decided before anything is sent: which orders, in which store and wallet, when
 * they were created and paid (Hong Kong shop hours over the last 90 days), and who refunded what,
 * when, and with which outcome at eftPay. Two seeded streams — one for the mix, one for the times —
 * so every run has the same mix whatever the time of day; numbers and times are fresh (relative
 * to now), and nothing lies in the future.
 */

export type { DemoKind } from './kinds';
export type { PlannedRefund, RefundScript } from './plan-refunds';

export interface PlannedOrder {
  outTradeNo: string;
  kind: DemoKind;
  wallet: Wallet;
  tid: string;
  amountCents: number;
  subject: string;
  /** When the till created the order at eftPay. */
  createdAt: Date;
  /** When the customer paid (or the payment failed) at eftPay. */
  paidAt?: Date;
  /** When the console heard of it: the notification, the automatic check, or a staff look-up. */
  seenAt: Date;
  /** Unpaid and closed orders: the staff member who looked the order up at eftPay. */
  foundBy?: string;
  refunds: PlannedRefund[];
}

export const HISTORY_DAYS = 90;
/** Abandoned orders stay younger than the demo sandbox's 24-hour expiry, so they can still be closed. */
const ABANDONED_MAX_AGE = 23 * HOUR;
/** Older than the close threshold (15 minutes) with a margin. */
const ABANDONED_MIN_AGE = 16 * MINUTE;

/** Share of each kind (the rest is plain paid) and the minimum, so small seeds still show every kind. */
const MIX: ReadonlyArray<[DemoKind, number, number]> = [
  ['partly_refunded', 0.11, 3],
  ['fully_refunded', 0.075, 3],
  ['refund_failed', 0.01, 1],
  ['refund_processing', 0.002, 1],
  ['refund_unknown', 0.002, 1],
  ['failed', 0.015, 1],
  ['unpaid_recent', 0.0015, 2],
  ['unpaid_abandoned', 0.008, 3],
  ['closed', 0.03, 2],
];

const WALLET_WEIGHTS: ReadonlyArray<[Wallet, number]> = [
  ['ALIPAYHK', 22],
  ['WECHATHK', 13],
  ['WECHATCN', 12],
  ['ALIPAYCN', 11],
  ['PAYME', 11],
  ['UNIONPAY', 8],
  ['ATOME', 6],
  ['FPS', 9],
  ['GBPAY', 5],
];

/** Every terminal in turn (Causeway Bay has two, and so twice the trade)… */
const STORE_TIDS = ['T-CWB-01', 'T-TST-01', 'T-MK-01', 'T-CWB-02'] as const;
/** …but every store in turn for unpaid orders, so no store's first page is crowded with them. */
const UNPAID_TIDS = ['T-CWB-01', 'T-TST-01', 'T-MK-01', 'T-CWB-02', 'T-TST-01', 'T-MK-01'] as const;
const SUBJECTS = [
  'Lunch set',
  '奶茶 x2',
  'Dim sum for four',
  '護膚品套裝',
  'Gift card',
  'Phone case',
  '生日蛋糕',
  'Coffee beans 500g',
  '文具',
  'Dinner for two',
  'Bubble tea',
  '雨傘',
];

function kindsFor(count: number, mix: Random): DemoKind[] {
  const kinds: DemoKind[] = [];
  for (const [kind, share, min] of MIX) {
    for (let i = Math.max(min, Math.round(count * share)); i > 0; i -= 1) kinds.push(kind);
  }
  while (kinds.length < count) kinds.push('paid');
  for (let i = kinds.length - 1; i > 0; i -= 1) {
    const j = Math.floor(mix.next() * (i + 1));
    [kinds[i], kinds[j]] = [kinds[j]!, kinds[i]!];
  }
  return kinds.slice(0, count);
}

function walletFor(kind: DemoKind, mix: Random): Wallet {
  for (;;) {
    const wallet = mix.weighted(WALLET_WEIGHTS);
    if (refundKinds.has(kind) && WALLETS[wallet].refundApi === null) continue; // FPS: no refund at eftPay.
    if (kind === 'unpaid_abandoned' && WALLETS[wallet].services.close === null) continue; // closable ones.
    // A lost answer to WeChat's apply-refund is soon followed by eftPay's notification; the others
    // wait for the reconciler.
    if (kind === 'refund_unknown' && WALLETS[wallet].refundApi === 'app-apply-refund') continue;
    return wallet;
  }
}

function amountFor(mix: Random): number {
  // Log-uniform between HK$12 and HK$3,000, in 10-cent steps: mostly small tickets, a few big ones.
  const cents = Math.exp(Math.log(1_200) + mix.next() * (Math.log(300_000) - Math.log(1_200)));
  return Math.max(100, Math.round(cents / 10) * 10);
}

/** Customers pay a few seconds to a couple of minutes after the till shows the QR code. */
const payDelay = (clock: Random) => (5 + Math.floor(145 * clock.next() ** 2)) * SECOND;

interface Window {
  calendar: ShopCalendar;
  clock: Random;
  now: Date;
  latest: Date;
}

function createdBetween(w: Window, earliestAgo: number, latest: Date): Date {
  const from = new Date(w.now.getTime() - earliestAgo);
  return (
    w.calendar.between(w.clock, from, latest) ??
    w.calendar.between(w.clock, new Date(w.now.getTime() - HISTORY_DAYS * DAY), latest)!
  );
}

/** When the order was created, paid and first seen by the console, for its kind. */
function timesFor(kind: DemoKind, wallet: Wallet, w: Window, refundAt: Date | null) {
  const { now, clock } = w;
  const ago = (ms: number) => new Date(now.getTime() - ms);
  const seenAfter = (at: Date, min: number, max: number) =>
    new Date(Math.min(at.getTime() + clock.int(min, max) * SECOND, now.getTime() - SECOND));
  if (kind === 'unpaid_recent' || kind === 'unpaid_abandoned') {
    const { open, close } = sessionOf(now.getTime());
    const recent = kind === 'unpaid_recent' && now.getTime() - open >= 4 * MINUTE && now.getTime() < close;
    // Outside opening hours nothing is recent: the last orders of the day are simply abandoned.
    const createdAt = recent
      ? w.calendar.between(clock, new Date(Math.max(open, now.getTime() - 12 * MINUTE)), ago(MINUTE))!
      : w.calendar.between(clock, ago(ABANDONED_MAX_AGE), ago(ABANDONED_MIN_AGE))!;
    return { createdAt, seenAt: seenAfter(createdAt, 20, 180) };
  }
  if (kind === 'closed') {
    // Expired unpaid at eftPay (after the sandbox's 24 hours), looked up by staff afterwards.
    const createdAt = createdBetween(w, HISTORY_DAYS * DAY, ago(26 * HOUR));
    return { createdAt, seenAt: seenAfter(new Date(createdAt.getTime() + DAY), 5 * 60, 90 * 60) };
  }
  let createdAt: Date;
  if (refundAt) createdAt = createdBetween(w, 14 * DAY, new Date(refundAt.getTime() - 30 * MINUTE));
  // Refunded orders leave at least a day for their refunds to happen in.
  else if (refundKinds.has(kind)) createdAt = createdBetween(w, HISTORY_DAYS * DAY, ago(36 * HOUR));
  else createdAt = createdBetween(w, HISTORY_DAYS * DAY, new Date(w.latest.getTime() - 5 * MINUTE));
  const paidAt = new Date(createdAt.getTime() + payDelay(clock));
  // PayMe and FPS never notify: the automatic check finds them paid within a minute or so.
  const seenAt = WALLETS[wallet].notifiesPayment ? seenAfter(paidAt, 1, 3) : seenAfter(paidAt, 20, 90);
  return { createdAt, paidAt, seenAt };
}

export function planDemoOrders(count: number, now: Date, seed = 20240601): PlannedOrder[] {
  const mix = prng(seed);
  const w: Window = {
    calendar: shopCalendar(now, HISTORY_DAYS),
    clock: prng(seed ^ 0x5eed),
    now,
    latest: lastShopMoment(new Date(now.getTime() - MINUTE)),
  };
  let paidIndex = 0;
  const perKind = new Map<DemoKind, number>();
  const perStore = new Map<string, number>();
  return kindsFor(count, mix).map((kind) => {
    const nth = perKind.get(kind) ?? 0;
    perKind.set(kind, nth + 1);
    // Round-robin over the terminals per kind, so even a small seed gives every store every kind.
    const tids = kind === 'unpaid_recent' || kind === 'unpaid_abandoned' ? UNPAID_TIDS : STORE_TIDS;
    let tid: string = tids[nth % tids.length]!;
    if (kind === 'paid' && paidIndex++ % 30 === 2) tid = UNMAPPED_TID;
    const store = DEMO_STORES.find((s) => (s.tids as readonly string[]).includes(tid))?.code;
    const turn = () => {
      const n = perStore.get(store ?? '') ?? 0;
      perStore.set(store ?? '', n + 1);
      return n;
    };
    const wallet = walletFor(kind, mix);
    const amountCents = amountFor(mix);
    const subject = mix.pick(SUBJECTS);
    const inFlight = kind === 'refund_processing' || kind === 'refund_unknown';
    // In-flight refunds happen in the last hour and a half of opening time.
    const refundAt = inFlight ? shopMinutesBefore(w.latest, w.clock.int(2, 90)) : null;
    const times = timesFor(kind, wallet, w, refundAt);
    const suffix = randomBytes(4).readUInt32BE().toString(36).toUpperCase().padStart(6, '0');
    const order: PlannedOrder = {
      outTradeNo: `DM${toGatewayTime(times.createdAt).slice(2)}${suffix}`,
      kind,
      wallet,
      tid,
      amountCents,
      subject,
      ...times,
      refunds: [],
    };
    if (store && !times.paidAt) order.foundBy = staffFor(store, turn() % 2 === 1);
    if (store && times.paidAt && refundKinds.has(kind)) {
      order.refunds = planRefunds({
        kind,
        wallet,
        amountCents,
        paidAt: times.paidAt,
        refundAt,
        nth,
        mix,
        clock: w.clock,
        calendar: w.calendar,
        latest: w.latest,
        now,
        // Recent refunds: the manager first, then the supervisor; older ones: every third by the supervisor.
        staff: () => staffFor(store, inFlight ? nth % 2 === 1 : turn() % 3 === 1),
        key: randomUUID,
      });
    }
    return order;
  });
}
