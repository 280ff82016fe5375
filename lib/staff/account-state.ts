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

export const CHANGE_PASSWORD_PATH = '/account/password';
export const TWO_FACTOR_PATH = '/account/two-factor';

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

/**
 * Where a signed-in staff member must go before anything else, if anywhere: first to choose their
 * own password (after an administrator issued a one-time one), then to enrol in two-factor sign-in
 * when it is required. Null when the account is ready.
 */
export function accountSetupPath(state: AccountState): string | null {
  if (state.mustChangePassword) return CHANGE_PASSWORD_PATH;
  if (state.requireTotp && !state.totpEnabled) return TWO_FACTOR_PATH;
  return null;
}

export async function unusedRecoveryCodes(db: DbOrTx, staffId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(staffRecoveryCodes)
    .where(and(eq(staffRecoveryCodes.staffId, staffId), isNull(staffRecoveryCodes.usedAt)));
  return row?.n ?? 0;
}
