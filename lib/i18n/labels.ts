import type { OrderStatus, RefundStatus } from '@/lib/shared/statuses';
import type { RefundReason } from '@/lib/shared/refund-reasons';
import type { Wallet } from '@/lib/shared/wallets';
import type { RootTranslator } from './message-text';

/**
 * The one table of names for wallets, statuses and reasons (the `labels` catalogue), for every
 * screen, the slip and the CSV. Pass the root translator: `labels(useTranslations())` in a
 * component, `labels(await getTranslations())` on the server.
 */
export function labels(t: RootTranslator) {
  return {
    wallet: (code: Wallet) => t(`labels.wallet.${code}`),
    orderStatus: (status: OrderStatus) => t(`labels.orderStatus.${status}`),
    refundStatus: (status: RefundStatus) => t(`labels.refundStatus.${status}`),
    refundReason: (reason: RefundReason) => t(`labels.refundReason.${reason}`),
  };
}

export type Labels = ReturnType<typeof labels>;
