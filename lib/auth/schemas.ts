import { z } from 'zod';
import { msg } from '@/lib/shared/messages';
import { PasswordRule } from './password-rule';

/** The step-up dialog (lib/auth/step-up.ts): the authenticator's code, or the password. */
export const StepUpInput = z.object({
  proof: z.string().trim().min(1, msg('errors.step_up.proof_required')).max(PasswordRule.max),
});
export type StepUpInput = z.input<typeof StepUpInput>;

/** How a staff member proves they are present: their authenticator code, or their password. */
export type StepUpMethod = 'totp' | 'password';
