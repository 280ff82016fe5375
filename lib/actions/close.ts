'use server';

import { revalidatePath } from 'next/cache';
import { actionClient } from '@/lib/actions/safe-action';
import { closeOrders } from '@/lib/close/close-orders';
import { previewClose } from '@/lib/close/preview';
import { CloseOrdersInput, PreviewCloseInput } from '@/lib/close/schemas';

/** Read-only: what closing these orders would do, and why some cannot be closed. */
export const previewCloseAction = actionClient
  .metadata({ name: 'previewCloseAction', capability: 'orders.close' })
  .inputSchema(PreviewCloseInput)
  .action(async ({ parsedInput, ctx }) => previewClose({ ctx, input: parsedInput }));

/** Closes one or many orders (the order page sends one id); one outcome per order. */
export const closeOrdersAction = actionClient
  .metadata({ name: 'closeOrdersAction', capability: 'orders.close' })
  .inputSchema(CloseOrdersInput)
  .action(async ({ parsedInput, ctx }) => {
    const outcomes = await closeOrders({ ctx, input: parsedInput });
    // The unpaid list, the orders list and every order page under /orders.
    revalidatePath('/orders', 'layout');
    return { outcomes };
  });
