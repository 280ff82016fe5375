import { z } from 'zod';
import { PasswordRule } from '@/lib/auth/password';
import { ROLES } from '@/lib/auth/permissions';

export const EmailInput = z
  .string()
  .trim()
  .toLowerCase()
  .email('Enter a valid email address.')
  .max(320, 'Email is too long.');

export const PasswordInput = z
  .string()
  .min(PasswordRule.min, `Use at least ${PasswordRule.min} characters.`)
  .max(PasswordRule.max, `Use at most ${PasswordRule.max} characters.`);

export const StaffCreateInput = z.object({
  email: EmailInput,
  name: z.string().trim().min(1, 'Enter a name.').max(120, 'Name is too long.'),
  role: z.enum(ROLES, { message: 'Choose a role.' }),
  storeIds: z.array(z.string().uuid()).max(100).default([]),
  password: PasswordInput,
});
export type StaffCreateInput = z.input<typeof StaffCreateInput>;
