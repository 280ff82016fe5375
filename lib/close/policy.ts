import 'server-only';
import { env } from '@/lib/env';
import { WALLETS, type Wallet } from '@/lib/eftpay/wallets';
import type { OrderStatus } from '@/lib/orders/view';

/**
 * Which unpaid orders may be closed. A young order may still be paid — the customer could be
 * looking at the QR right now — so only orders older than CLOSE_MIN_AGE_MINUTES count as abandoned.
 */
export function closeMinAgeMinutes(): number {
  return env().CLOSE_MIN_AGE_MINUTES;
}

/** Why an order cannot be closed; `not_found` also covers orders outside the caller's stores. */
export type CannotCloseWhy = 'not_found' | 'not_unpaid' | 'no_close_service' | 'too_young';

export interface ClosableFacts {
  status: OrderStatus;
  wallet: Wallet;
  createdAt: Date;
}

export function hasCloseService(wallet: Wallet): boolean {
  // GBPAY, PayMe and FPS have no Close service (docs/eftpay-gateway.md §4.0, §4.3).
  return WALLETS[wallet].services.close !== null;
}

export function isOldEnough(createdAt: Date, now: Date, minAgeMinutes: number): boolean {
  return now.getTime() - createdAt.getTime() >= minAgeMinutes * 60_000;
}

/** The first rule the order breaks, or null when it may be closed. Checked again under the order lock. */
export function closeBlocker(order: ClosableFacts, now: Date, minAgeMinutes: number): CannotCloseWhy | null {
  if (order.status !== 'unpaid') return 'not_unpaid';
  if (!hasCloseService(order.wallet)) return 'no_close_service';
  if (!isOldEnough(order.createdAt, now, minAgeMinutes)) return 'too_young';
  return null;
}
