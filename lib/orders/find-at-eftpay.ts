import 'server-only';
import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db/connect';
import { orders } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actor';
import { inScope, storeCondition } from '@/lib/auth/scope';
import { gateway } from '@/lib/eftpay/gateway';
import { ConflictError, GatewayUnavailableError, NotFoundError } from '@/lib/errors';
import { ingestSale } from './ingest';
import type { FindAtEftpayInput } from './intake-schemas';
import { saleFactsFromQuery } from './sale-facts';

/**
 * "Find at eftPay": a staff member has an order number the console does not know (docs/architecture.md
 * "Where orders come from" #2). Asks eftPay (Query) and stores the order. An order outside the
 * caller's stores is reported as not found, whether or not we already hold it.
 */
export async function findOrderAtEftpay({
  ctx: { db, actor },
  input,
}: {
  ctx: { db: Db; actor: StaffActor };
  input: FindAtEftpayInput;
}): Promise<{ orderId: string; created: boolean }> {
  const [known] = await db
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.outTradeNo, input.outTradeNo), storeCondition(actor.scope, orders.storeId)));
  if (known) return { orderId: known.id, created: false };

  const outcome = await gateway(db).queryOrder({ wallet: input.wallet, outTradeNo: input.outTradeNo });
  if (outcome.kind === 'unknown') throw new GatewayUnavailableError();
  if (outcome.kind === 'rejected') throw new NotFoundError('errors.not_found.eftpay_order');
  const facts = saleFactsFromQuery(outcome.data, outcome.tradeStatus, { wallet: input.wallet });
  if (!facts) throw new ConflictError('errors.intake.no_amount');

  const ingested = await db.transaction((tx) => ingestSale(tx, facts, { actor, action: 'order.found_at_eftpay' }));
  if (ingested.result === 'conflict' || !inScope(actor.scope, ingested.storeId)) {
    throw new NotFoundError('errors.not_found.order');
  }
  return { orderId: ingested.orderId, created: ingested.result === 'created' };
}
