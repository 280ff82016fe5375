'use server';

import 'server-only';
import { revalidatePath } from 'next/cache';
import { actionClient } from '@/lib/actions/safe-action';
import { findOrderAtEftpay } from '@/lib/orders/find-at-eftpay';
import { FindAtEftpayInput, RefreshOrderInput } from '@/lib/orders/intake-schemas';
import { refreshOrder } from '@/lib/orders/refresh';

export const findOrderAtEftpayAction = actionClient
  .metadata({ name: 'findOrderAtEftpayAction', capability: 'orders.find_at_eftpay' })
  .inputSchema(FindAtEftpayInput)
  .action(async ({ parsedInput, ctx }) => {
    const result = await findOrderAtEftpay({ ctx, input: parsedInput });
    revalidatePath('/orders');
    return result;
  });

export const refreshOrderAction = actionClient
  .metadata({ name: 'refreshOrderAction', capability: 'orders.refresh' })
  .inputSchema(RefreshOrderInput)
  .action(async ({ parsedInput, ctx }) => {
    const result = await refreshOrder({ ctx, input: parsedInput, scope: ctx.actor.scope });
    revalidatePath(`/orders/${parsedInput.orderId}`);
    return result;
  });
