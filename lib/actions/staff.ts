'use server';

import 'server-only';
import { revalidatePath } from 'next/cache';
import { actionClient } from '@/lib/actions/safe-action';
import { assignStaffStores } from '@/lib/staff/assign-stores';
import { changeStaffRole } from '@/lib/staff/change-role';
import { createStaff } from '@/lib/staff/create';
import { deactivateStaff } from '@/lib/staff/deactivate';
import { reactivateStaff } from '@/lib/staff/reactivate';
import { resetStaffPassword } from '@/lib/staff/reset-password';
import { resetStaffTwoFactor } from '@/lib/staff/reset-two-factor';
import {
  AssignStoresInput,
  ChangeRoleInput,
  RequireTotpInput,
  StaffCreateForm,
  StaffIdInput,
} from '@/lib/staff/schemas';
import { setRequireTotp } from '@/lib/staff/set-require-totp';
import { unlockStaff } from '@/lib/staff/unlock';

/** Staff administration (admins only: `staff.manage`). Each action is one verb; the verb audits. */

export const createStaffAction = actionClient
  .metadata({ name: 'createStaffAction', capability: 'staff.manage' })
  .inputSchema(StaffCreateForm)
  .action(async ({ parsedInput, ctx }) => {
    // No password in the form: the verb generates a one-time password, returned to show once.
    const result = await createStaff({ ctx, input: parsedInput });
    revalidatePath('/staff');
    return result;
  });

export const changeStaffRoleAction = actionClient
  .metadata({ name: 'changeStaffRoleAction', capability: 'staff.manage' })
  .inputSchema(ChangeRoleInput)
  .action(async ({ parsedInput, ctx }) => {
    const result = await changeStaffRole({ ctx, input: parsedInput });
    revalidatePath('/staff');
    return result;
  });

export const assignStaffStoresAction = actionClient
  .metadata({ name: 'assignStaffStoresAction', capability: 'staff.manage' })
  .inputSchema(AssignStoresInput)
  .action(async ({ parsedInput, ctx }) => {
    const result = await assignStaffStores({ ctx, input: parsedInput });
    revalidatePath('/staff');
    return result;
  });

export const deactivateStaffAction = actionClient
  .metadata({ name: 'deactivateStaffAction', capability: 'staff.manage' })
  .inputSchema(StaffIdInput)
  .action(async ({ parsedInput, ctx }) => {
    const result = await deactivateStaff({ ctx, input: parsedInput });
    revalidatePath('/staff');
    return result;
  });

export const reactivateStaffAction = actionClient
  .metadata({ name: 'reactivateStaffAction', capability: 'staff.manage' })
  .inputSchema(StaffIdInput)
  .action(async ({ parsedInput, ctx }) => {
    const result = await reactivateStaff({ ctx, input: parsedInput });
    revalidatePath('/staff');
    return result;
  });

export const resetStaffPasswordAction = actionClient
  .metadata({ name: 'resetStaffPasswordAction', capability: 'staff.manage' })
  .inputSchema(StaffIdInput)
  .action(async ({ parsedInput, ctx }) => {
    const result = await resetStaffPassword({ ctx, input: parsedInput });
    revalidatePath('/staff');
    return result;
  });

export const unlockStaffAction = actionClient
  .metadata({ name: 'unlockStaffAction', capability: 'staff.manage' })
  .inputSchema(StaffIdInput)
  .action(async ({ parsedInput, ctx }) => {
    const result = await unlockStaff({ ctx, input: parsedInput });
    revalidatePath('/staff');
    return result;
  });

export const resetStaffTwoFactorAction = actionClient
  .metadata({ name: 'resetStaffTwoFactorAction', capability: 'staff.manage' })
  .inputSchema(StaffIdInput)
  .action(async ({ parsedInput, ctx }) => {
    const result = await resetStaffTwoFactor({ ctx, input: parsedInput });
    revalidatePath('/staff');
    return result;
  });

export const setRequireTotpAction = actionClient
  .metadata({ name: 'setRequireTotpAction', capability: 'staff.manage' })
  .inputSchema(RequireTotpInput)
  .action(async ({ parsedInput, ctx }) => {
    const result = await setRequireTotp({ ctx, input: parsedInput });
    revalidatePath('/staff');
    return result;
  });
