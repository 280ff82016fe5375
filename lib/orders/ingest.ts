import 'server-only';
import { eq } from 'drizzle-orm';
import type { Tx } from '@/db/connect';
import { orders, storeTerminals } from '@/db/schema';
import { type AuditActor, recordAudit } from '@/lib/audit/record';
import { type DiscrepancySource, recordDiscrepancy } from '@/lib/discrepancies/record';
import { isFinalSaleStatus, orderStateFromSaleStatus } from '@/lib/eftpay/statuses';
import type { Wallet } from '@/lib/shared/wallets';
import { nextOrderStatus } from './status';

/** What eftPay told us about a sale, from a payment notification or a Query answer. */
export interface SaleFacts {
  outTradeNo: string;
  eftpayTradeNo?: string;
  transactionId?: string;
  wallet: Wallet;
  tid?: string;
  amountCents: number;
  currency?: string;
  tradeStatus: string;
  paidAt?: Date;
  buyerId?: string;
  subject?: string;
  /** When eftPay created the order (Query's trade_time); defaults to paidAt, then now. */
  createdAt?: Date;
  /**
   * False when `wallet` is not eftPay's word but the wallet we asked with (a Query answer that
   * named none): such a wallet never conflicts with, nor replaces, the order's.
   */
  walletReported?: boolean;
}

export type IngestResult =
  | { result: 'created' | 'updated' | 'duplicate'; orderId: string; storeId: string | null }
  /** eftPay's word disagrees with the order's first record: nothing changed, a discrepancy was recorded. */
  | { result: 'conflict'; orderId: string; storeId: string | null; discrepancyId: string };

/** How soon the reconciler asks again about a sale that is not final. */
const RECHECK_MS = 60_000;

/**
 * Records a sale as eftPay reports it: creates the order (placed in the store owning its terminal)
 * or moves an existing one forward. Idempotent — the same facts twice change nothing — and safe
 * under concurrent delivery: the unique out_trade_no decides who creates, the row lock orders the rest.
 */
export async function ingestSale(
  tx: Tx,
  facts: SaleFacts,
  source: {
    actor: AuditActor;
    action: string;
    data?: Record<string, unknown>;
    /** Where the facts came from, for a discrepancy; Query answers unless said. */
    gateway?: DiscrepancySource;
  },
  now = new Date(),
): Promise<IngestResult> {
  const state = orderStateFromSaleStatus(facts.tradeStatus);
  const final = isFinalSaleStatus(facts.tradeStatus);
  const [terminal] = facts.tid
    ? await tx.select({ storeId: storeTerminals.storeId }).from(storeTerminals).where(eq(storeTerminals.tid, facts.tid))
    : [];
  const storeId = terminal?.storeId ?? null;
  const status = nextOrderStatus('unpaid', state);

  const [created] = await tx
    .insert(orders)
    .values({
      outTradeNo: facts.outTradeNo,
      eftpayTradeNo: facts.eftpayTradeNo ?? null,
      transactionId: facts.transactionId ?? null,
      wallet: facts.wallet,
      tid: facts.tid ?? null,
      storeId,
      amountCents: facts.amountCents,
      currency: facts.currency ?? 'HKD',
      subject: facts.subject ?? null,
      buyerId: facts.buyerId ?? null,
      status,
      gatewayStatus: facts.tradeStatus,
      createdAt: facts.createdAt ?? facts.paidAt ?? now,
      paidAt: status === 'paid' ? (facts.paidAt ?? now) : null,
      closedAt: status === 'closed' ? now : null,
      updatedAt: now,
      nextCheckAt: final ? null : new Date(now.getTime() + RECHECK_MS),
    })
    .onConflictDoNothing({ target: orders.outTradeNo })
    .returning({ id: orders.id });
  if (created) {
    await recordAudit(tx, source.actor, {
      action: source.action,
      entityType: 'order',
      entityId: created.id,
      orderId: created.id,
      storeId,
      after: { status, tradeStatus: facts.tradeStatus, amountCents: facts.amountCents, wallet: facts.wallet },
      data: source.data,
    });
    return { result: 'created', orderId: created.id, storeId };
  }

  const [order] = await tx.select().from(orders).where(eq(orders.outTradeNo, facts.outTradeNo)).for('update');
  if (!order) throw new Error('order vanished during ingestion');
  // Amount, currency and (once paid) wallet are fixed by the first trustworthy record; a signed
  // message that disagrees changes nothing at all and is left for a person (docs/adr/0011).
  const walletReported = facts.walletReported !== false;
  const expected: Record<string, unknown> = {};
  const reported: Record<string, unknown> = {};
  let kind: 'payment_amount' | 'payment_currency' | 'payment_wallet' | null = null;
  if (order.amountCents !== facts.amountCents) {
    kind = 'payment_amount';
    expected.amountCents = order.amountCents;
    reported.amountCents = facts.amountCents;
  }
  if (facts.currency !== undefined && facts.currency !== order.currency) {
    kind ??= 'payment_currency';
    expected.currency = order.currency;
    reported.currency = facts.currency;
  }
  // Before payment the wallet ordered with may give way to the one paid with (merged wallets,
  // docs/eftpay-gateway.md §12 #17); after it, Close and Refund depend on it.
  if (walletReported && facts.wallet !== order.wallet && order.status !== 'unpaid') {
    kind ??= 'payment_wallet';
    expected.wallet = order.wallet;
    reported.wallet = facts.wallet;
  }
  if (kind) {
    const discrepancyId = await recordDiscrepancy(
      tx,
      source.actor,
      {
        kind,
        source: source.gateway ?? 'query',
        orderId: order.id,
        storeId: order.storeId,
        outTradeNo: order.outTradeNo,
        expected,
        reported: { ...reported, tradeStatus: facts.tradeStatus },
      },
      now,
    );
    return { result: 'conflict', orderId: order.id, storeId: order.storeId, discrepancyId };
  }
  const nextStatus = nextOrderStatus(order.status, state);
  const patch = {
    status: nextStatus,
    gatewayStatus: facts.tradeStatus,
    eftpayTradeNo: order.eftpayTradeNo ?? facts.eftpayTradeNo ?? null,
    transactionId: order.transactionId ?? facts.transactionId ?? null,
    // The wallet eftPay reports is the one to use for Close and Refund (docs/eftpay-gateway.md §12 #17);
    // it can differ from ours here only while the order is unpaid (checked above).
    wallet: walletReported ? facts.wallet : order.wallet,
    tid: order.tid ?? facts.tid ?? null,
    storeId: order.storeId ?? storeId,
    buyerId: order.buyerId ?? facts.buyerId ?? null,
    paidAt: nextStatus !== 'unpaid' && order.paidAt === null && state === 'paid' ? (facts.paidAt ?? now) : order.paidAt,
    closedAt: nextStatus === 'closed' && order.closedAt === null ? now : order.closedAt,
    nextCheckAt: nextStatus === 'unpaid' && !final ? order.nextCheckAt : null,
  };
  const changed = (Object.keys(patch) as Array<keyof typeof patch>).some(
    (key) => String(patch[key] ?? '') !== String(order[key] ?? ''),
  );
  if (!changed) return { result: 'duplicate', orderId: order.id, storeId: order.storeId };

  await tx
    .update(orders)
    .set({ ...patch, updatedAt: now })
    .where(eq(orders.id, order.id));
  await recordAudit(tx, source.actor, {
    action: source.action,
    entityType: 'order',
    entityId: order.id,
    orderId: order.id,
    storeId: patch.storeId,
    before: { status: order.status, tradeStatus: order.gatewayStatus },
    after: { status: nextStatus, tradeStatus: facts.tradeStatus },
    data: source.data,
  });
  return { result: 'updated', orderId: order.id, storeId: patch.storeId };
}
