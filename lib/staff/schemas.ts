import { z } from 'zod';
import { PasswordRule } from '@/lib/auth/password-rule';
import { ROLES } from '@/lib/auth/permissions';

const EmailInput = z
  .string()
  .trim()
  .toLowerCase()
  .email('Enter a valid email address.')
  .max(320, 'Email is too long.');

const PasswordInput = z
  .string()
  .min(PasswordRule.min, `Use at least ${PasswordRule.min} characters.`)
  .max(PasswordRule.max, `Use at most ${PasswordRule.max} characters.`);

const StaffId = z.string().uuid('Unknown staff member.');
const RoleInput = z.enum(ROLES, { message: 'Choose a role.' });
const StoreIdsInput = z.array(z.string().uuid('Unknown store.')).max(100, 'Too many stores.');

/** What an administrator fills in; the initial password is generated and shown once. */
export const StaffCreateForm = z.object({
  email: EmailInput,
  name: z.string().trim().min(1, 'Enter a name.').max(120, 'Name is too long.'),
  role: RoleInput,
  storeIds: StoreIdsInput.default([]),
});
export type StaffCreateForm = z.input<typeof StaffCreateForm>;

/**
 * `createStaff`'s input. Without `password` (the admin page) a one-time password is generated and
 * must be changed at first sign-in; with one (the `staff:create` CLI, tests) it is used as given.
 */
export const StaffCreateInput = StaffCreateForm.extend({ password: PasswordInput.optional() });
export type StaffCreateInput = z.input<typeof StaffCreateInput>;

export const StaffIdInput = z.object({ staffId: StaffId });
export type StaffIdInput = z.infer<typeof StaffIdInput>;

export const ChangeRoleInput = z.object({ staffId: StaffId, role: RoleInput });
export type ChangeRoleInput = z.infer<typeof ChangeRoleInput>;

export const AssignStoresInput = z.object({ staffId: StaffId, storeIds: StoreIdsInput });
export type AssignStoresInput = z.infer<typeof AssignStoresInput>;

export const RequireTotpInput = z.object({ required: z.boolean() });
export type RequireTotpInput = z.infer<typeof RequireTotpInput>;

export const ChangeOwnPasswordInput = z
  .object({
    currentPassword: z.string().min(1, 'Enter your current password.').max(PasswordRule.max),
    newPassword: PasswordInput,
    confirmPassword: z.string(),
  })
  .superRefine((value, ctx) => {
    if (value.newPassword !== value.confirmPassword) {
      ctx.addIssue({ code: 'custom', path: ['confirmPassword'], message: 'The two passwords differ.' });
    }
    if (value.newPassword === value.currentPassword) {
      ctx.addIssue({ code: 'custom', path: ['newPassword'], message: 'Choose a password you have not used here.' });
    }
  });
export type ChangeOwnPasswordInput = z.infer<typeof ChangeOwnPasswordInput>;

export const ConfirmTotpInput = z.object({
  code: z
    .string()
    .transform((s) => s.replace(/\s/g, ''))
    .pipe(z.string().regex(/^\d{6}$/, 'Enter the 6-digit code from your app.')),
});
export type ConfirmTotpInput = z.input<typeof ConfirmTotpInput>;
