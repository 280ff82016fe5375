'use server';

import 'server-only';
import { revalidatePath } from 'next/cache';
import { actionClient, validationErrorsByPath } from '@/lib/actions/safe-action';
import { approveRefund, cancelRefund, rejectRefund } from '@/lib/refunds/approval';
import { createRefund } from '@/lib/refunds/create';
import { setRefundPolicy } from '@/lib/refunds/policy';
import { RefundPolicyForm } from '@/lib/refunds/policy-schemas';
import { RefundInput, RefundRequestInput, RejectRefundInput } from '@/lib/refunds/schemas';

/**
 * The refund form's action. The action client checks the session, `orders.refund` and a fresh
 * proof of presence first; the same `RefundInput` schema the form uses parses the input;
 * `createRefund` owns every rule (store scope, remainder, limits, approval threshold, idempotency
 * key, wallet) and its typed errors reach the form as field errors.
 */
export const createRefundAction = actionClient
  .metadata({ name: 'createRefundAction', capability: 'orders.refund', stepUp: true })
  .inputSchema(RefundInput)
  .action(async ({ parsedInput, ctx }) => {
    const result = await createRefund({ ctx, input: parsedInput });
    revalidatePath(`/orders/${parsedInput.orderId}`);
    return result;
  });

/** Four eyes (docs/adr/0014): a supervisor or admin who is not the requester sends the refund. */
export const approveRefundAction = actionClient
  .metadata({ name: 'approveRefundAction', capability: 'refunds.approve', stepUp: true })
  .inputSchema(RefundRequestInput)
  .action(async ({ parsedInput, ctx }) => {
    const result = await approveRefund({ ctx, input: parsedInput });
    revalidatePath('/approvals');
    return result;
  });

/** Rejecting releases the amount; the reason is required and shown to the requester. */
export const rejectRefundAction = actionClient
  .metadata({ name: 'rejectRefundAction', capability: 'refunds.approve' })
  .inputSchema(RejectRefundInput)
  .action(async ({ parsedInput, ctx }) => {
    const result = await rejectRefund({ ctx, input: parsedInput });
    revalidatePath('/approvals');
    return result;
  });

/** The requester withdraws their own request (any role that may refund). */
export const cancelRefundAction = actionClient
  .metadata({ name: 'cancelRefundAction', capability: 'orders.refund' })
  .inputSchema(RefundRequestInput)
  .action(async ({ parsedInput, ctx }) => {
    const result = await cancelRefund({ ctx, input: parsedInput });
    revalidatePath('/approvals');
    return result;
  });

/** The refund policy (admins): threshold, limits, step-up and expiry; audited before → after. */
export const setRefundPolicyAction = actionClient
  .metadata({ name: 'setRefundPolicyAction', capability: 'refunds.policy', stepUp: true })
  // Its fields are nested: each message is named by the field's path, as the form names it.
  .inputSchema(RefundPolicyForm, { handleValidationErrorsShape: validationErrorsByPath })
  .action(async ({ parsedInput, ctx }) => {
    const result = await setRefundPolicy({ ctx, input: parsedInput });
    revalidatePath('/settings/refund-policy');
    return result;
  });
