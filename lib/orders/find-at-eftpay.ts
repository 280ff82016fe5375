import 'server-only';
import { eq } from 'drizzle-orm';
import type { Db } from '@/db/connect';
import { orders, storeTerminals } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import type { StaffActor } from '@/lib/auth/actor';
import { inScope } from '@/lib/auth/scope';
import { gateway } from '@/lib/eftpay/gateway';
import { auditedAs, ConflictError, GatewayUnavailableError, NotFoundError } from '@/lib/errors';
import { ingestSale } from './ingest';
import type { FindAtEftpayInput } from './intake-schemas';
import { saleFactsFromQuery } from './sale-facts';

/** The one answer for a number that is not the caller's to find: eftPay's own "no such order". */
const notFound = () => new NotFoundError('errors.not_found.eftpay_order');

/**
 * "Find at eftPay": a staff member has an order number the console does not know (docs/architecture.md
 * "Where orders come from" #2). Asks eftPay (Query) and stores the order.
 *
 * Another store's order is answered exactly as a number eftPay does not know, and changes nothing:
 * one we already hold outside the caller's stores is refused before any gateway call, and one
 * eftPay places (by its terminal) outside them — or on no store's terminal, for staff of stores —
 * is not imported. Either refusal is audited (`order.find_refused`) with why, for admins to read.
 */
export async function findOrderAtEftpay({
  ctx: { db, actor },
  input,
}: {
  ctx: { db: Db; actor: StaffActor };
  input: FindAtEftpayInput;
}): Promise<{ orderId: string; created: boolean }> {
  const [known] = await db
    .select({ id: orders.id, storeId: orders.storeId })
    .from(orders)
    .where(eq(orders.outTradeNo, input.outTradeNo));
  if (known) {
    if (inScope(actor.scope, known.storeId)) return { orderId: known.id, created: false };
    throw await refuse(db, actor, input.outTradeNo, known.storeId, 'held_elsewhere');
  }

  const outcome = await gateway(db).queryOrder({ wallet: input.wallet, outTradeNo: input.outTradeNo });
  if (outcome.kind === 'unknown') throw new GatewayUnavailableError();
  if (outcome.kind === 'rejected') throw notFound();
  const facts = saleFactsFromQuery(outcome.data, outcome.tradeStatus, { wallet: input.wallet });
  if (!facts) throw new ConflictError('errors.intake.no_amount');

  const [terminal] = facts.tid
    ? await db.select({ storeId: storeTerminals.storeId }).from(storeTerminals).where(eq(storeTerminals.tid, facts.tid))
    : [];
  const storeId = terminal?.storeId ?? null;
  if (!inScope(actor.scope, storeId)) {
    throw await refuse(db, actor, input.outTradeNo, storeId, storeId ? 'other_store' : 'unassigned');
  }

  const ingested = await db.transaction((tx) => ingestSale(tx, facts, { actor, action: 'order.found_at_eftpay' }));
  // A notification may have stored it meanwhile, in another store; the answer stays the same.
  if (ingested.result === 'conflict' || !inScope(actor.scope, ingested.storeId)) throw notFound();
  return { orderId: ingested.orderId, created: ingested.result === 'created' };
}

async function refuse(
  db: Db,
  actor: StaffActor,
  outTradeNo: string,
  storeId: string | null,
  why: 'held_elsewhere' | 'other_store' | 'unassigned',
): Promise<NotFoundError> {
  await db.transaction((tx) =>
    recordAudit(tx, actor, {
      action: 'order.find_refused',
      entityType: 'find_at_eftpay',
      entityId: outTradeNo,
      storeId,
      data: { outTradeNo, why },
    }),
  );
  return auditedAs(notFound(), 'order.find_refused');
}
