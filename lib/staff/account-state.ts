import 'server-only';
import { and, count, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '@/db/connect';
import { staffRecoveryCodes, staffUsers } from '@/db/schema';
import { getRequireTotp } from './settings';

export interface AccountState {
  mustChangePassword: boolean;
  totpEnabled: boolean;
  /** A secret is stored but not yet confirmed. */
  totpPending: boolean;
  requireTotp: boolean;
}

export async function getAccountState(db: DbOrTx, staffId: string): Promise<AccountState> {
  const [row] = await db
    .select({
      mustChangePassword: staffUsers.mustChangePassword,
      totpSecret: staffUsers.totpSecret,
      totpEnabledAt: staffUsers.totpEnabledAt,
    })
    .from(staffUsers)
    .where(eq(staffUsers.id, staffId));
  return {
    mustChangePassword: row?.mustChangePassword ?? false,
    totpEnabled: row?.totpEnabledAt != null,
    totpPending: row?.totpEnabledAt == null && row?.totpSecret != null,
    requireTotp: await getRequireTotp(db),
  };
}

/** What a staff member must do before anything else; the edge decides where that is done. */
export type AccountSetupStep = 'change_password' | 'enrol_two_factor';

/**
 * The set-up step a signed-in staff member still owes, if any: first to choose their own password
 * (after an administrator issued a one-time one), then to enrol in two-factor sign-in when it is
 * required. Null when the account is ready.
 */
export function accountSetupStep(state: AccountState): AccountSetupStep | null {
  if (state.mustChangePassword) return 'change_password';
  if (state.requireTotp && !state.totpEnabled) return 'enrol_two_factor';
  return null;
}

export async function unusedRecoveryCodes(db: DbOrTx, staffId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(staffRecoveryCodes)
    .where(and(eq(staffRecoveryCodes.staffId, staffId), isNull(staffRecoveryCodes.usedAt)));
  return row?.n ?? 0;
}
