'use server';

import 'server-only';
import { revalidatePath } from 'next/cache';
import { actionClient } from '@/lib/actions/safe-action';
import { createRefund } from '@/lib/refunds/create';
import { RefundInput } from '@/lib/refunds/schemas';

/**
 * The refund form's action. The action client checks the session and `orders.refund` first; the
 * same `RefundInput` schema the form uses parses the input; `createRefund` owns every rule (store
 * scope, remainder, idempotency key, wallet) and its typed errors reach the form as field errors.
 */
export const createRefundAction = actionClient
  .metadata({ name: 'createRefundAction', capability: 'orders.refund' })
  .inputSchema(RefundInput)
  .action(async ({ parsedInput, ctx }) => {
    const result = await createRefund({ ctx, input: parsedInput });
    revalidatePath(`/orders/${parsedInput.orderId}`);
    return result;
  });
