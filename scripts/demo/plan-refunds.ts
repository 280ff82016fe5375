import { WALLETS, type Wallet } from '@/lib/eftpay/wallets';
import type { RefundReason } from '@/lib/refunds/schemas';
import type { DemoKind } from './kinds';
import type { Random } from './random';
import { DAY, MINUTE, SECOND, type ShopCalendar, sessionOf } from './shop-hours';

/** What eftPay does with a planned refund; the seed arranges it with the sandbox's fault controls. */
export type RefundScript =
  /** eftPay answers at once (WeChat's apply-refund: accepted, then its notification a moment later). */
  | { kind: 'answered' }
  /** A signed refusal ("system busy, request not processed"): the refund fails, the money is free again. */
  | { kind: 'refused' }
  /** Accepted but still processing when the seed ends; it settles `forMs` later. */
  | { kind: 'slow'; forMs: number }
  /** The answer is lost on the way: unknown until the reconciler asks eftPay about the same number. */
  | { kind: 'lost'; fault: 'http-500' | 'garbled' | 'bad-signature'; reachedEftpay: boolean };

export interface PlannedRefund {
  /** The refund form's idempotency key: it also names the refund in the story clock. */
  key: string;
  amountCents: number;
  reason: RefundReason;
  note: string;
  /** E-mail of the staff member who refunds. */
  staff: string;
  /** Requested, in shop hours, after the payment. */
  at: Date;
  answeredAt: Date;
  /** When it became final within the story; null when it settles after the seed. */
  settledAt: Date | null;
  script: RefundScript;
}

const REASONS: ReadonlyArray<[RefundReason, number]> = [
  ['customer_request', 35],
  ['returned_goods', 25],
  ['wrong_amount', 12],
  ['duplicate_payment', 10],
  ['service_problem', 10],
  ['other', 8],
];
const NOTES = [
  '顧客要求退款',
  '貨品有瑕疵',
  '重複付款，已核實',
  '客人取消訂單',
  'Customer changed their mind',
  'Item out of stock',
  '收銀員輸入錯誤金額',
  '',
];
const OTHER_NOTES = ['Goodwill gesture for a late delivery', '店舖活動回贈', 'Price matched a competitor'];
const LOST_FAULTS = ['http-500', 'garbled', 'bad-signature'] as const;

export interface RefundPlanInput {
  kind: DemoKind;
  wallet: Wallet;
  amountCents: number;
  paidAt: Date;
  /** In-flight kinds: when their one refund is asked for. */
  refundAt: Date | null;
  /** Index of the order among its kind. */
  nth: number;
  mix: Random;
  clock: Random;
  calendar: ShopCalendar;
  latest: Date;
  now: Date;
  staff: () => string;
  key: () => string;
}

export function planRefunds(input: RefundPlanInput): PlannedRefund[] {
  const { kind, amountCents, mix, clock } = input;
  // A fixed number of draws from the mix stream, whatever the times allow, keeps the mix stable.
  const split = mix.next() < 0.3;
  const whole = mix.next() < 0.45;
  const retried = mix.next() < 0.7;
  const portion = Math.floor((amountCents * mix.int(10, 45)) / 100 / 10) * 10 || 1;
  const words = [0, 1].map(() => {
    const reason = mix.weighted(REASONS);
    return { reason, note: reason === 'other' ? mix.pick(OTHER_NOTES) : mix.pick(NOTES) };
  });

  const planned = (amount: number, at: Date, script: RefundScript, index: number, staff = input.staff()) => {
    const answeredAt = new Date(at.getTime() + clock.int(1, 3) * SECOND);
    // WeChat's apply-refund completes by notification, a little after the answer.
    const notified = WALLETS[input.wallet].refundApi === 'app-apply-refund';
    const settledAt =
      script.kind === 'refused' || (script.kind === 'answered' && !notified)
        ? answeredAt
        : script.kind === 'answered'
          ? new Date(
              Math.max(
                answeredAt.getTime(),
                Math.min(at.getTime() + clock.int(20, 480) * SECOND, input.now.getTime() - SECOND),
              ),
            )
          : null;
    return { key: input.key(), amountCents: amount, ...words[index]!, staff, at, answeredAt, settledAt, script };
  };

  if (input.refundAt) {
    const amount = whole ? amountCents : portion;
    const script: RefundScript =
      kind === 'refund_processing'
        ? { kind: 'slow', forMs: clock.int(20, 60) * MINUTE }
        : { kind: 'lost', fault: LOST_FAULTS[input.nth % 3]!, reachedEftpay: input.nth % 3 !== 2 };
    return [planned(amount, input.refundAt, script, 0)];
  }

  const first = refundTimeAfter(input, input.paidAt, 28);
  // Refunded kinds are paid at least a day and a half ago, so this only guards the impossible.
  if (!first) return [];
  if (kind === 'refund_failed') {
    const refused = planned(whole ? amountCents : portion, first, { kind: 'refused' }, 0);
    // Tried again, by the same person, a few minutes later the same day.
    const again = first.getTime() + clock.int(3, 20) * MINUTE;
    const lastToday = Math.min(sessionOf(first.getTime()).close - SECOND, input.latest.getTime());
    if (!retried || again > lastToday) return [refused];
    return [refused, planned(refused.amountCents, new Date(again), { kind: 'answered' }, 1, refused.staff)];
  }
  const amounts =
    kind === 'fully_refunded'
      ? split && amountCents > 200
        ? [portion, amountCents - portion]
        : [amountCents]
      : split && portion > 20
        ? [Math.floor(portion / 2), portion - Math.floor(portion / 2)]
        : [portion];
  const second = amounts.length > 1 ? refundTimeAfter(input, first, 10) : null;
  // No room for a second refund before now: one refund of the whole amount instead.
  if (!second)
    return [
      planned(
        amounts.reduce((sum, a) => sum + a, 0),
        first,
        { kind: 'answered' },
        0,
      ),
    ];
  return [planned(amounts[0]!, first, { kind: 'answered' }, 0), planned(amounts[1]!, second, { kind: 'answered' }, 1)];
}

/**
 * A refund's moment in shop hours after `after`: often the same day, else within the week, now
 * and then weeks later; never after the latest opening moment before now.
 */
function refundTimeAfter(input: RefundPlanInput, after: Date, maxDays: number): Date | null {
  const { calendar, clock, latest } = input;
  const a = after.getTime();
  const roll = clock.next();
  const [lo, hi] =
    roll < 0.35
      ? [a + 20 * MINUTE, sessionOf(a).close - SECOND]
      : roll < 0.8
        ? [sessionOf(a).open + DAY, a + Math.min(7, maxDays) * DAY]
        : [a + Math.min(8, maxDays) * DAY, a + maxDays * DAY];
  const end = new Date(Math.min(hi, latest.getTime()));
  return (
    calendar.between(clock, new Date(lo), end) ?? calendar.between(clock, new Date(a + 20 * MINUTE), latest) ?? null
  );
}
