'use server';

import 'server-only';
import { revalidatePath } from 'next/cache';
import { actionClient } from '@/lib/actions/safe-action';
import { StepUpInput } from '@/lib/auth/schemas';
import { stepUp } from '@/lib/auth/step-up';
import { beginTotpEnrolment } from '@/lib/staff/begin-totp-enrolment';
import { changeOwnPassword } from '@/lib/staff/change-own-password';
import { confirmTotpEnrolment } from '@/lib/staff/confirm-totp-enrolment';
import { BeginTotpInput, ChangeOwnPasswordInput, ConfirmTotpInput } from '@/lib/staff/schemas';
import { SetLanguageInput, setLanguage } from '@/lib/staff/set-language';

/**
 * The signed-in staff member's own account (`account.self`, every role).
 *
 * The password change and the enrolment confirmation revalidate nothing, on purpose: re-rendering
 * the page would replace the form that shows their outcome — the recovery codes exist only in this
 * answer. The form's "Continue" then loads the console afresh.
 */

export const changeOwnPasswordAction = actionClient
  .metadata({ name: 'changeOwnPasswordAction', capability: 'account.self' })
  .inputSchema(ChangeOwnPasswordInput)
  .action(async ({ parsedInput, ctx }) => changeOwnPassword({ ctx, input: parsedInput }));

export const beginTotpEnrolmentAction = actionClient
  .metadata({ name: 'beginTotpEnrolmentAction', capability: 'account.self' })
  .inputSchema(BeginTotpInput)
  .action(async ({ parsedInput, ctx }) => {
    const result = await beginTotpEnrolment({ ctx, input: parsedInput });
    revalidatePath('/account/two-factor');
    return result;
  });

export const confirmTotpEnrolmentAction = actionClient
  .metadata({ name: 'confirmTotpEnrolmentAction', capability: 'account.self' })
  .inputSchema(ConfirmTotpInput)
  .action(async ({ parsedInput, ctx }) => confirmTotpEnrolment({ ctx, input: parsedInput }));

/** The console's language for their own account; the switch refreshes the page itself. */
export const setLanguageAction = actionClient
  .metadata({ name: 'setLanguageAction', capability: 'account.self' })
  .inputSchema(SetLanguageInput)
  .action(async ({ parsedInput, ctx }) => setLanguage({ ctx, input: parsedInput }));

/** A fresh proof of presence before a protected action (lib/auth/step-up.ts): code or password. */
export const stepUpAction = actionClient
  .metadata({ name: 'stepUpAction', capability: 'account.self' })
  .inputSchema(StepUpInput)
  .action(async ({ parsedInput, ctx }) => stepUp({ ctx, input: parsedInput }));
