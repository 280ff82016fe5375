'use server';

import 'server-only';
import { revalidatePath } from 'next/cache';
import type { z } from 'zod';
import type { Db } from '@/db/connect';
import { actionClient } from '@/lib/actions/safe-action';
import type { StaffActor } from '@/lib/auth/actor';
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

/**
 * Staff administration (admins only: `staff.manage`, each with a fresh proof of presence). Each
 * action is one verb; the verb audits.
 */

type StaffVerb<Input, Result> = (args: { ctx: { db: Db; actor: StaffActor }; input: Input }) => Promise<Result>;

/**
 * The action for one staff verb: `staff.manage`, the input parsed with the form's schema, the
 * verb's answer returned as it is, and the staff pages re-rendered with the change. `name` is the
 * export's own name (a refusal is audited under it).
 */
function staffAction<Schema extends z.ZodType, Result>(
  name: string,
  schema: Schema,
  verb: StaffVerb<z.output<Schema>, Result>,
) {
  return actionClient
    .metadata({ name, capability: 'staff.manage', stepUp: true })
    .inputSchema(schema)
    .action(async ({ parsedInput, ctx }) => {
      // The schema parsed it: `parsedInput` is its output (the library's type cannot say so generically).
      const result = await verb({ ctx, input: parsedInput as z.output<Schema> });
      revalidatePath('/staff');
      return result;
    });
}

/** No password in the form: the verb generates a one-time password, returned to show once. */
export const createStaffAction = staffAction('createStaffAction', StaffCreateForm, createStaff);

export const changeStaffRoleAction = staffAction('changeStaffRoleAction', ChangeRoleInput, changeStaffRole);

export const assignStaffStoresAction = staffAction('assignStaffStoresAction', AssignStoresInput, assignStaffStores);

export const deactivateStaffAction = staffAction('deactivateStaffAction', StaffIdInput, deactivateStaff);

export const reactivateStaffAction = staffAction('reactivateStaffAction', StaffIdInput, reactivateStaff);

export const resetStaffPasswordAction = staffAction('resetStaffPasswordAction', StaffIdInput, resetStaffPassword);

export const unlockStaffAction = staffAction('unlockStaffAction', StaffIdInput, unlockStaff);

export const resetStaffTwoFactorAction = staffAction('resetStaffTwoFactorAction', StaffIdInput, resetStaffTwoFactor);

export const setRequireTotpAction = staffAction('setRequireTotpAction', RequireTotpInput, setRequireTotp);
