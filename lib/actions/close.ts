'use server';

import 'server-only';
import { actionClient } from '@/lib/actions/safe-action';
import { closeOrders } from '@/lib/close/close-orders';
import { previewClose } from '@/lib/close/preview';
import { CloseOrdersInput, PreviewCloseInput } from '@/lib/close/schemas';

/** Read-only: what closing these orders would do, and why some cannot be closed. */
export const previewCloseAction = actionClient
  .metadata({ name: 'previewCloseAction', capability: 'orders.close' })
  .inputSchema(PreviewCloseInput)
  .action(async ({ parsedInput, ctx }) => previewClose({ ctx, input: parsedInput }));

/**
 * Closes one or many orders (the order page sends one id); one outcome per order.
 *
 * No revalidatePath here, on purpose: revalidating re-renders the calling page at once, and the
 * order page renders the close panel only while the order is unpaid — the outcome the supervisor
 * must read would vanish with it. The dialog calls router.refresh() when it is dismissed instead;
 * dynamic pages are not kept in the client router cache, so other pages load fresh anyway.
 */
export const closeOrdersAction = actionClient
  .metadata({ name: 'closeOrdersAction', capability: 'orders.close', stepUp: true })
  .inputSchema(CloseOrdersInput)
  .action(async ({ parsedInput, ctx }) => ({ outcomes: await closeOrders({ ctx, input: parsedInput }) }));
