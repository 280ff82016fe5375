// Sections (§) refer to docs/eftpay-gateway.md.

import 'server-only';
import type { Db, Tx } from '@/db/connect';
import { recordAudit } from '@/lib/audit/record';
import { SYSTEM } from '@/lib/auth/actor';
import { orderStateFromSaleStatus } from '@/lib/eftpay/statuses';
import { ingestSale } from '@/lib/orders/ingest';
import { saleFactsFromQuery } from '@/lib/orders/sale-facts';
import { askEftpayToClose, type EftpayCloseAnswer } from './ask-eftpay';
import type { ClaimedOrder } from './claim';
import { clearPendingClose } from './pending';

/**
 * The reconciler carries out a supervisor's close that eftPay never answered conclusively — its
 * first Query failed, the Close's answer was lost, or the process died before an answer
 * (docs/adr/0008-recovery-after-a-crash.md). The same steps as the supervisor's own request
 * (ask-eftpay.ts: Query, Close only if still unpaid, confirm), so a customer who paid meanwhile
 * makes the order paid, never closed. The outcome joins the order's timeline as
 * `order.close_finished`, by the automatic check, with the supervisor's reason; no trustworthy
 * answer records nothing and leaves the close pending for the next check.
 */
export async function finishPendingClose(
  db: Db,
  order: ClaimedOrder,
  options: { now: Date; renewClaim: () => Promise<void> },
): Promise<'concluded' | 'no_answer'> {
  const answer = await askEftpayToClose(db, order, options.renewClaim);
  if (answer.kind === 'unknown') return 'no_answer';
  if (answer.kind === 'sale' && orderStateFromSaleStatus(answer.tradeStatus) === 'unpaid') return 'no_answer';
  await db.transaction((tx) => recordFinishedClose(tx, order, answer, options.now));
  return 'concluded';
}

async function recordFinishedClose(
  tx: Tx,
  order: ClaimedOrder,
  answer: Exclude<EftpayCloseAnswer, { kind: 'unknown' }>,
  now: Date,
): Promise<void> {
  const asked = { reason: order.closeReason, requestedBy: order.closeRequestedBy };
  const audit = (data: Record<string, unknown>) =>
    recordAudit(tx, SYSTEM, {
      action: 'order.close_finished',
      entityType: 'order',
      entityId: order.id,
      orderId: order.id,
      storeId: order.storeId,
      data: { ...asked, ...data },
    });
  const facts = (tradeStatus: string, data: Parameters<typeof saleFactsFromQuery>[0]) =>
    saleFactsFromQuery(data, tradeStatus, { wallet: order.wallet, amountCents: order.amountCents })!;
  await clearPendingClose(tx, order.id);

  if (answer.kind === 'rejected') {
    const { stage, returnStatus, message, closeSent } = answer;
    await audit({ outcome: 'refused', stage, returnStatus, message, closeSent });
    return;
  }
  if (answer.kind === 'no_close_service') {
    // The wallet eftPay reports has no Close (§12 #17): recorded as reported, and said so.
    await ingestSale(tx, facts(answer.tradeStatus, answer.data), { actor: SYSTEM, action: 'order.reconciled' }, now);
    await audit({ outcome: 'no_close_service', wallet: answer.wallet });
    return;
  }

  const { stage, tradeStatus, closeSent } = answer;
  const outcome = orderStateFromSaleStatus(tradeStatus);
  const data = { ...asked, outcome, stage, tradeStatus, closeSent };
  const ingested = await ingestSale(
    tx,
    facts(tradeStatus, answer.data),
    { actor: SYSTEM, action: 'order.close_finished', data },
    now,
  );
  if (ingested.result === 'conflict') await audit({ outcome: 'mismatch', stage, tradeStatus, closeSent });
  // Already recorded (a notification came first): the close still gets its outcome on the timeline.
  else if (ingested.result === 'duplicate') await audit({ outcome, stage, tradeStatus, closeSent });
}
