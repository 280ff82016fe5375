'use server';

import { revalidatePath } from 'next/cache';
import { actionClient } from '@/lib/actions/safe-action';
import { beginTotpEnrolment } from '@/lib/staff/begin-totp-enrolment';
import { changeOwnPassword } from '@/lib/staff/change-own-password';
import { confirmTotpEnrolment } from '@/lib/staff/confirm-totp-enrolment';
import { ChangeOwnPasswordInput, ConfirmTotpInput } from '@/lib/staff/schemas';

/** The signed-in staff member's own account (`account.self`, every role). */

export const changeOwnPasswordAction = actionClient
  .metadata({ name: 'changeOwnPasswordAction', capability: 'account.self' })
  .inputSchema(ChangeOwnPasswordInput)
  .action(async ({ parsedInput, ctx }) => {
    const result = await changeOwnPassword({ ctx, input: parsedInput });
    revalidatePath('/', 'layout');
    return result;
  });

export const beginTotpEnrolmentAction = actionClient
  .metadata({ name: 'beginTotpEnrolmentAction', capability: 'account.self' })
  .action(async ({ ctx }) => {
    const result = await beginTotpEnrolment({ ctx });
    revalidatePath('/account/two-factor');
    return result;
  });

export const confirmTotpEnrolmentAction = actionClient
  .metadata({ name: 'confirmTotpEnrolmentAction', capability: 'account.self' })
  .inputSchema(ConfirmTotpInput)
  .action(async ({ parsedInput, ctx }) => {
    const result = await confirmTotpEnrolment({ ctx, input: parsedInput });
    revalidatePath('/', 'layout');
    return result;
  });
