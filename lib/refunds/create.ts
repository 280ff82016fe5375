import 'server-only';
import { eq } from 'drizzle-orm';
import type { Db } from '@/db/connect';
import { orders, refunds } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import type { StaffActor } from '@/lib/auth/actor';
import { EftpayError } from '@/lib/eftpay/errors';
import { gateway } from '@/lib/eftpay/gateway';
import { refundStateFromStatus } from '@/lib/eftpay/statuses';
import { WALLETS } from '@/lib/eftpay/wallets';
import { ConflictError, fieldError } from '@/lib/errors';
import { lockOrderInScope } from '@/lib/orders/lock';
import { orderRefundable, refundableCents } from '@/lib/shared/statuses';
import { parseAmountToCents } from '@/lib/money';
import { parseInput } from '@/lib/validation';
import { applyRefundOutcome, nextRefundCheck, type RefundOutcome } from './apply-outcome';
import { gatewayReason } from './reason-text';
import { newRefundNumber } from './refund-number';
import { refundTotals } from './remainder';
import { RefundInput } from './schemas';
import { msg } from '@/lib/shared/messages';
import type { RefundStatus } from '@/lib/shared/statuses';
import { checkRefundLimits } from './limits';
import { getRefundPolicy, thresholdAt } from './policy';

export interface CreatedRefund {
  refundId: string;
  refundNo: string;
  /** `pending_approval`: above the approval threshold, reserved, nothing sent to eftPay yet. */
  status: RefundStatus;
  amountCents: number;
  /** eftPay's words when it refused, for display. */
  gatewayMessage: string | null;
  /** True when this call found an earlier submission of the same form. */
  replayed: boolean;
}

/**
 * Refunds a customer, fully or partly (docs/architecture.md "Refund lifecycle").
 *
 * 1. In one transaction: lock the order (inside the caller's stores), compute the remainder
 *    counting refunds in flight and unknown, insert the refund as `requested` with a new refund
 *    number, and its audit row. Commit — so the money is reserved before eftPay hears of it, and
 *    two staff, two tabs or a double click can never refund more than was paid.
 * 2. Call eftPay through the wallet's refund API, then record the outcome. No trustworthy answer
 *    leaves the refund `unknown`: it keeps its money reserved and is settled by asking eftPay about
 *    the same refund number — never by guessing, never by sending a new number.
 *
 * The form's idempotency key makes a resubmission return the first refund instead of a second one;
 * the same key with another amount or reason is refused as a conflict.
 */
export async function createRefund({
  ctx: { db, actor },
  input,
}: {
  ctx: { db: Db; actor: StaffActor };
  input: RefundInput;
}): Promise<CreatedRefund> {
  const value = parseInput(RefundInput, input);
  const amountCents = parseAmountToCents(value.amount)!;
  const now = new Date();

  const reserved = await db
    .transaction(async (tx) => {
      const order = await lockOrderInScope(tx, actor.scope, value.orderId);

      const [earlier] = await tx.select().from(refunds).where(eq(refunds.idempotencyKey, value.idempotencyKey));
      if (earlier) return { kind: 'replay', refund: earlier, order } as const;

      const refundApi = WALLETS[order.wallet].refundApi;
      if (!refundApi) throw fieldError('amount', 'errors.refund.wallet_not_refundable', { wallet: order.wallet });
      if (!orderRefundable(order.status)) {
        throw new ConflictError(
          order.status === 'fully_refunded' ? 'errors.refund.already_fully_refunded' : 'errors.refund.not_paid',
        );
      }
      const remainder = refundableCents(order.amountCents, await refundTotals(tx, order.id));
      if (amountCents > remainder) {
        throw remainder === 0
          ? fieldError('amount', 'errors.refund.nothing_left')
          : fieldError('amount', 'errors.refund.exceeds_remainder', { maxCents: remainder });
      }
      // The policy in force now (a later change never alters this request): the requester's limits,
      // checked under their own lock, then the threshold above which a second person must approve.
      const policy = await getRefundPolicy(tx);
      await checkRefundLimits(tx, actor, policy, amountCents, now);
      const threshold = thresholdAt(policy, order.storeId);
      const needsApproval = threshold !== null && amountCents > threshold;

      const [refund] = await tx
        .insert(refunds)
        .values({
          orderId: order.id,
          refundNo: newRefundNumber(now),
          idempotencyKey: value.idempotencyKey,
          amountCents,
          reason: value.reason,
          note: value.note || null,
          status: needsApproval ? 'pending_approval' : 'requested',
          gatewayApi: refundApi,
          requestedBy: actor.staffId,
          requestedAt: now,
          updatedAt: now,
          // If this process dies before eftPay answers, the reconciler asks about this number;
          // a refund waiting for approval is not at eftPay, and lapses at `expiresAt` instead.
          nextCheckAt: needsApproval ? null : nextRefundCheck(0, now),
          approvalThresholdCents: needsApproval ? threshold : null,
          expiresAt: needsApproval ? new Date(now.getTime() + policy.expiryMinutes * 60_000) : null,
        })
        .returning();
      await recordAudit(tx, actor, {
        action: 'refund.requested',
        entityType: 'refund',
        entityId: refund!.id,
        orderId: order.id,
        storeId: order.storeId,
        after: {
          amountCents,
          reason: value.reason,
          note: value.note || null,
          refundNo: refund!.refundNo,
          status: refund!.status,
        },
        data: {
          remainderBeforeCents: remainder,
          ...(needsApproval ? { approvalThresholdCents: threshold, expiresAt: refund!.expiresAt?.toISOString() } : {}),
        },
      });
      return { kind: 'reserved', refund: refund!, order } as const;
    })
    .catch((error: unknown) => {
      // Two submissions of one form on different connections: the unique key lets one through.
      if (isUniqueViolation(error)) return { kind: 'lost-race' } as const;
      throw error;
    });

  if (reserved.kind === 'lost-race') {
    const [earlier] = await db.select().from(refunds).where(eq(refunds.idempotencyKey, value.idempotencyKey));
    return replayOf(earlier, value.orderId, amountCents, value.reason);
  }
  if (reserved.kind === 'replay') return replayOf(reserved.refund, value.orderId, amountCents, value.reason);

  const { refund, order } = reserved;
  if (refund.status === 'pending_approval') return view(refund, false);
  return sendRefund(db, actor, order, refund);
}

/**
 * Sends a reserved refund (`requested`, committed) to eftPay and records the outcome: for a new
 * refund and for an approved one alike. No trustworthy answer leaves it `unknown`.
 */
export async function sendRefund(
  db: Db,
  actor: StaffActor,
  order: typeof orders.$inferSelect,
  refund: typeof refunds.$inferSelect,
): Promise<CreatedRefund> {
  const outcome = await askEftpay(db, order, refund);
  const applied = await db.transaction((tx) =>
    applyRefundOutcome(tx, refund.id, outcome, { actor, action: 'refund.answered' }),
  );
  return {
    refundId: refund.id,
    refundNo: refund.refundNo,
    status: applied.status as RefundStatus,
    amountCents: refund.amountCents,
    gatewayMessage: outcome.gatewayMessage ?? null,
    replayed: false,
  };
}

async function askEftpay(
  db: Db,
  order: typeof orders.$inferSelect,
  refund: typeof refunds.$inferSelect,
): Promise<RefundOutcome> {
  const client = gateway(db);
  try {
    const answer = await client.refund({
      wallet: order.wallet,
      outTradeNo: order.outTradeNo,
      eftpayTradeNo: order.eftpayTradeNo ?? undefined,
      refundNo: refund.refundNo,
      amountCents: refund.amountCents,
      reason: gatewayReason(refund.reason, refund.note),
      notifyUrl: client.notifyUrl,
    });
    if (answer.kind === 'accepted') {
      return { state: refundStateFromStatus(answer.tradeStatus), gatewayStatus: answer.tradeStatus };
    }
    if (answer.kind === 'rejected' && answer.signed) {
      return { state: 'failed', gatewayStatus: `REJECTED_${answer.returnStatus}`, gatewayMessage: answer.message };
    }
    // Timeout, network error, garbled or unsigned answer: eftPay may or may not have acted.
    return { state: 'unknown' };
  } catch (error) {
    // Thrown before anything was sent (e.g. an identifier the gateway cannot take).
    if (error instanceof EftpayError) return { state: 'failed', gatewayMessage: msg('errors.refund.not_sent') };
    return { state: 'unknown' };
  }
}

/**
 * The earlier refund made with this form's key, when this submission asks for the same thing; a key
 * sent again for another order, amount or reason is a conflict, never someone else's refund.
 */
function replayOf(
  earlier: typeof refunds.$inferSelect | undefined,
  orderId: string,
  amountCents: number,
  reason: string,
): CreatedRefund {
  if (!earlier || earlier.orderId !== orderId) throw new ConflictError('errors.refund.form_used');
  if (earlier.amountCents !== amountCents || earlier.reason !== reason) {
    throw new ConflictError('errors.refund.form_used_other_amount');
  }
  return view(earlier, true);
}

function view(refund: typeof refunds.$inferSelect, replayed: boolean): CreatedRefund {
  return {
    refundId: refund.id,
    refundNo: refund.refundNo,
    status: refund.status,
    amountCents: refund.amountCents,
    gatewayMessage: refund.gatewayMessage,
    replayed,
  };
}

function isUniqueViolation(error: unknown): boolean {
  const code =
    (error as { code?: string; cause?: { code?: string } })?.cause?.code ?? (error as { code?: string })?.code;
  return code === '23505';
}
