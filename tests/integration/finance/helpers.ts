import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '@/db/connect';
import { orders, refunds } from '@/db/schema';
import type { Wallet } from '@/lib/shared/wallets';
import type { RefundReason, RefundStatus } from '@/lib/finance/refund-filter';
import { uniqueNo } from '../../support/unique';

/** A paid order, inserted directly (the data layer is what these tests are about). */
export async function insertOrder(
  db: Db,
  {
    storeId,
    wallet = 'ALIPAYHK',
    amountCents = 100_00,
  }: { storeId: string | null; wallet?: Wallet; amountCents?: number },
) {
  const [order] = await db
    .insert(orders)
    .values({
      outTradeNo: uniqueNo('O'),
      eftpayTradeNo: uniqueNo('E'),
      wallet,
      storeId,
      tid: null,
      amountCents,
      status: 'paid',
      paidAt: new Date(),
    })
    .returning();
  return order!;
}

export interface RefundValues {
  amountCents?: number;
  reason?: RefundReason;
  note?: string | null;
  status?: RefundStatus;
  requestedBy?: string | null;
  requestedAt?: Date | string;
  completedAt?: Date | string | null;
  gatewayStatus?: string | null;
}

/** A refund of `order`; `requestedAt` may be a Postgres literal with microseconds. */
export async function insertRefund(db: Db, order: { id: string }, values: RefundValues = {}) {
  const status = values.status ?? 'succeeded';
  const [refund] = await db
    .insert(refunds)
    .values({
      orderId: order.id,
      refundNo: uniqueNo('R'),
      idempotencyKey: randomUUID(),
      amountCents: values.amountCents ?? 10_00,
      reason: values.reason ?? 'customer_request',
      note: values.note ?? null,
      status,
      gatewayStatus: values.gatewayStatus ?? (status === 'succeeded' ? 'REFUND_SUCCESS' : null),
      requestedBy: values.requestedBy ?? null,
      requestedAt: toTimestamp(values.requestedAt ?? new Date()),
      completedAt: values.completedAt ? toTimestamp(values.completedAt) : null,
    })
    .returning();
  return refund!;
}

/** `count` refunds of `order` in one statement, requested a second apart going back from `newest`. */
export async function insertManyRefunds(
  db: Db,
  order: { id: string },
  count: number,
  {
    requestedBy,
    amountCents = 1_00,
    newest = new Date(),
  }: { requestedBy: string; amountCents?: number; newest?: Date },
) {
  const batch = uniqueNo('RM');
  await db.insert(refunds).values(
    Array.from({ length: count }, (_, i) => ({
      orderId: order.id,
      refundNo: `${batch}${i}`,
      idempotencyKey: randomUUID(),
      amountCents,
      reason: 'customer_request' as const,
      status: 'succeeded' as const,
      requestedBy,
      requestedAt: new Date(newest.getTime() - i * 1000),
    })),
  );
}

/** A Date, or a Postgres literal (kept exact to the microsecond, which a Date cannot hold). */
const toTimestamp = (value: Date | string) => (value instanceof Date ? value : sql<Date>`${value}::timestamptz`);
