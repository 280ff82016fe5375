import 'server-only';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/connect';
import { appSettings } from '@/db/schema';

export const REQUIRE_TOTP_KEY = 'require_totp';

/** Whether every staff member must use two-factor sign-in (an administrator's setting; default off). */
export async function getRequireTotp(db: DbOrTx): Promise<boolean> {
  const [row] = await db
    .select({ value: appSettings.value })
    .from(appSettings)
    .where(eq(appSettings.key, REQUIRE_TOTP_KEY));
  return row?.value === true;
}
