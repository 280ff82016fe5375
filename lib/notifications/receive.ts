import 'server-only';
import { eq } from 'drizzle-orm';
import type { Db } from '@/db/connect';
import { gatewayDiscrepancies, gatewayNotifications, orders, refunds } from '@/db/schema';
import { EFTPAY } from '@/lib/auth/actor';
import { recordDiscrepancy } from '@/lib/discrepancies/record';
import { parseNotification } from '@/lib/eftpay/notifications';
import { refundStateFromStatus } from '@/lib/eftpay/statuses';
import { recordRejectedNotification } from '@/lib/notifications/reject';
import { ingestSale } from '@/lib/orders/ingest';
import { applyRefundOutcome } from '@/lib/refunds/apply-outcome';

export type NotificationResult =
  | 'applied'
  | 'duplicate'
  | 'bad_signature'
  | 'malformed'
  /** A forged or malformed one from an address over its limit of rejected notifications. */
  | 'rate_limited'
  | 'amount_mismatch'
  | 'unknown_refund'
  | 'refund_mismatch';

/**
 * Handles one notification POSTed by eftPay. The signature is verified before anything else; a
 * forged, malformed or replayed notification changes nothing and is recorded. A genuine one is
 * applied idempotently, in the same transaction as its record.
 * Returns whether eftPay should consider it delivered (`ok`), i.e. whether we may reply `success`.
 */
export async function receiveNotification(
  db: Db,
  body: unknown,
  /** `rawText`: the body as received, measured and excerpted when it is refused. */
  request: { ip: string | null; secretCode: string; rawText?: string },
  now = new Date(),
): Promise<{ ok: boolean; result: NotificationResult; orderId?: string }> {
  const parsed = parseNotification(body, request.secretCode);
  const actor = { ...EFTPAY, ip: request.ip };
  const raw = isRecord(body) ? body : { body: String(body).slice(0, 2000) };

  if (parsed.kind === 'invalid-signature' || parsed.kind === 'malformed') {
    // Anyone can send these: bounded evidence in rejected_notifications (kept for
    // NOTIFY_REJECT_RETENTION_DAYS), never the whole body in the append-only gateway_notifications.
    const result = await recordRejectedNotification(
      db,
      {
        reason: parsed.kind === 'invalid-signature' ? 'bad_signature' : 'malformed',
        ip: request.ip,
        body: { text: request.rawText ?? (typeof body === 'string' ? body : (JSON.stringify(body) ?? String(body))) },
        outTradeNo: isRecord(body) ? body.out_trade_no : undefined,
      },
      now,
    );
    return {
      ok: false,
      result: result === 'rate_limited' ? 'rate_limited' : result === 'bad_signature' ? 'bad_signature' : 'malformed',
    };
  }

  return db.transaction(async (tx) => {
    let result: NotificationResult;
    let orderId: string | undefined;
    let discrepancyId: string | undefined;
    if (parsed.kind === 'payment') {
      const outcome = await ingestSale(
        tx,
        {
          outTradeNo: parsed.outTradeNo,
          eftpayTradeNo: parsed.eftpayTradeNo,
          transactionId: parsed.transactionId,
          wallet: parsed.wallet,
          tid: parsed.tid,
          amountCents: parsed.amountCents,
          currency: parsed.currency,
          tradeStatus: parsed.tradeStatus,
          paidAt: parsed.paidAt,
          buyerId: parsed.buyerId,
          subject: parsed.subject,
        },
        { actor, action: 'order.payment_notified', gateway: 'notification' },
        now,
      );
      orderId = outcome.orderId;
      if (outcome.result === 'conflict') discrepancyId = outcome.discrepancyId;
      result =
        outcome.result === 'conflict' ? 'amount_mismatch' : outcome.result === 'duplicate' ? 'duplicate' : 'applied';
    } else {
      // A refund is ours only if its number, its order and its amount all match (docs/adr/0011).
      const [refund] = await tx
        .select({
          id: refunds.id,
          orderId: refunds.orderId,
          amountCents: refunds.amountCents,
          outTradeNo: orders.outTradeNo,
          storeId: orders.storeId,
        })
        .from(refunds)
        .innerJoin(orders, eq(orders.id, refunds.orderId))
        .where(eq(refunds.refundNo, parsed.refundNo));
      const reported = {
        outTradeNo: parsed.outTradeNo,
        amountCents: parsed.amountCents ?? null,
        tradeStatus: parsed.tradeStatus,
      };
      if (!refund || refund.outTradeNo !== parsed.outTradeNo || refund.amountCents !== parsed.amountCents) {
        const [named] = refund
          ? [{ id: refund.orderId, storeId: refund.storeId }]
          : await tx
              .select({ id: orders.id, storeId: orders.storeId })
              .from(orders)
              .where(eq(orders.outTradeNo, parsed.outTradeNo));
        result = refund ? 'refund_mismatch' : 'unknown_refund';
        orderId = named?.id;
        discrepancyId = await recordDiscrepancy(
          tx,
          actor,
          {
            kind: refund ? 'refund_mismatch' : 'refund_unknown',
            source: 'notification',
            orderId: named?.id ?? null,
            refundId: refund?.id ?? null,
            storeId: named?.storeId ?? null,
            outTradeNo: parsed.outTradeNo,
            refundNo: parsed.refundNo,
            expected: refund ? { outTradeNo: refund.outTradeNo, amountCents: refund.amountCents } : null,
            reported,
          },
          now,
        );
      } else {
        orderId = refund.orderId;
        const applied = await applyRefundOutcome(
          tx,
          refund.id,
          { state: refundStateFromStatus(parsed.tradeStatus), gatewayStatus: parsed.tradeStatus },
          { actor, action: 'refund.notified' },
          now,
        );
        result = applied.changed ? 'applied' : 'duplicate';
      }
    }
    const [notification] = await tx
      .insert(gatewayNotifications)
      .values({
        kind: parsed.kind,
        result,
        outTradeNo: parsed.outTradeNo,
        refundNo: parsed.kind === 'refund' ? parsed.refundNo : null,
        orderId: orderId ?? null,
        ip: request.ip,
        body: raw,
        receivedAt: now,
      })
      .returning({ id: gatewayNotifications.id });
    if (discrepancyId && notification) {
      await tx
        .update(gatewayDiscrepancies)
        .set({ notificationId: notification.id })
        .where(eq(gatewayDiscrepancies.id, discrepancyId));
    }
    // A refund we never asked for, or an amount that does not match, is recorded for a person to
    // look at; asking eftPay to resend it would not change the answer.
    return { ok: true, result, orderId };
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
