import { z } from 'zod';
import { PasswordRule } from '@/lib/auth/password-rule';
import { ROLES } from '@/lib/auth/permissions';
import { msg } from '@/lib/shared/messages';
import { hasControlCharacters } from '@/lib/shared/text';

const EmailInput = z
  .string()
  .trim()
  .toLowerCase()
  .email(msg('errors.staff.email_invalid'))
  .max(320, msg('errors.staff.email_too_long'));

const PasswordInput = z
  .string()
  .min(PasswordRule.min, msg('errors.staff.password_too_short', { min: PasswordRule.min }))
  .max(PasswordRule.max, msg('errors.staff.password_too_long', { max: PasswordRule.max }));

const StaffId = z.string().uuid(msg('errors.staff.unknown_staff'));
const RoleInput = z.enum(ROLES, { message: msg('errors.staff.role_required') });
const StoreIdsInput = z
  .array(z.string().uuid(msg('errors.staff.unknown_store')))
  .max(100, msg('errors.staff.too_many_stores'));

/** What an administrator fills in; the initial password is generated and shown once. */
export const StaffCreateForm = z.object({
  email: EmailInput,
  name: z
    .string()
    .trim()
    .min(1, msg('errors.staff.name_required'))
    .max(120, msg('errors.staff.name_too_long'))
    // Postgres refuses a NUL in text: refused here, on the field, not at the database.
    .refine((name) => !hasControlCharacters(name), msg('errors.filters.control_characters')),
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
    currentPassword: z.string().min(1, msg('errors.staff.current_password_required')).max(PasswordRule.max),
    newPassword: PasswordInput,
    confirmPassword: z.string(),
  })
  .superRefine((value, ctx) => {
    if (value.newPassword !== value.confirmPassword) {
      ctx.addIssue({ code: 'custom', path: ['confirmPassword'], message: msg('errors.staff.passwords_differ') });
    }
    if (value.newPassword === value.currentPassword) {
      ctx.addIssue({ code: 'custom', path: ['newPassword'], message: msg('errors.staff.password_reused') });
    }
  });
export type ChangeOwnPasswordInput = z.infer<typeof ChangeOwnPasswordInput>;

export const BeginTotpInput = z.object({
  currentPassword: z.string().min(1, msg('errors.staff.current_password_required')).max(PasswordRule.max),
});
export type BeginTotpInput = z.infer<typeof BeginTotpInput>;

export const ConfirmTotpInput = z.object({
  code: z
    .string()
    .transform((s) => s.replace(/\s/g, ''))
    .pipe(z.string().regex(/^\d{6}$/, msg('errors.staff.code_format'))),
});
export type ConfirmTotpInput = z.input<typeof ConfirmTotpInput>;
