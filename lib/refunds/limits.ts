import 'server-only';
import { and, eq, gte, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/connect';
import { refunds } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actor';
import { fieldError } from '@/lib/errors';
import { COUNTED_REFUND_STATUSES } from '@/lib/shared/statuses';
import { hkDayRange, hkPreset } from '@/lib/time/hk';
import { limitsOf } from './policy';
import type { RefundPolicy } from './policy-schemas';

/**
 * The requester's limits (docs/adr/0014): most per refund, and most per Hong Kong day — the sum
 * of their refunds requested that day that are done, in flight or waiting for approval, this one
 * included. Called inside the transaction that reserves the refund: the staff member's own
 * advisory lock, held until it commits, makes their concurrent refunds (other orders, other tabs,
 * other instances) take turns, so together they cannot pass the daily limit.
 */
export async function checkRefundLimits(
  tx: DbOrTx,
  actor: Pick<StaffActor, 'staffId' | 'role'>,
  policy: RefundPolicy,
  amountCents: number,
  now: Date,
): Promise<void> {
  const limit = limitsOf(policy, actor);
  if (limit.perRefundCents !== null && amountCents > limit.perRefundCents) {
    throw fieldError('amount', 'errors.approval.over_refund_limit', { limitCents: limit.perRefundCents });
  }
  if (limit.perDayCents === null) return;

  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`refund-day|${actor.staffId}`}, 0))`);
  const today = hkPreset('today', now);
  const dayStart = hkDayRange(today.from, today.to).from!;
  const [row] = await tx
    .select({ total: sql<string>`coalesce(sum(${refunds.amountCents}), 0)` })
    .from(refunds)
    .where(
      and(
        eq(refunds.requestedBy, actor.staffId),
        gte(refunds.requestedAt, dayStart),
        inArray(refunds.status, [...COUNTED_REFUND_STATUSES]),
      ),
    );
  const left = Math.max(0, limit.perDayCents - Number(row?.total ?? 0));
  if (amountCents > left) {
    throw fieldError('amount', 'errors.approval.over_daily_limit', { limitCents: limit.perDayCents, leftCents: left });
  }
}
