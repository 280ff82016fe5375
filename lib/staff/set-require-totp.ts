import 'server-only';
import { eq } from 'drizzle-orm';
import type { Db } from '@/db/connect';
import { appSettings, staffUsers } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actor';
import { recordAudit } from '@/lib/audit/record';
import { ConflictError } from '@/lib/errors';
import { parseInput } from '@/lib/validation';
import { RequireTotpInput } from './schemas';
import { REQUIRE_TOTP_KEY } from './settings';

/**
 * Requires (or stops requiring) two-factor sign-in for everyone. Staff without it are taken to
 * enrolment on their next page load (lib/auth/guard.ts); the action client refuses their other
 * actions until then. The administrator turning it on must already use it, so that they are not the
 * first to be shut out of the staff page.
 */
export async function setRequireTotp({
  ctx: { db, actor },
  input,
}: {
  ctx: { db: Db; actor: StaffActor };
  input: RequireTotpInput;
}): Promise<{ changed: boolean }> {
  const { required } = parseInput(RequireTotpInput, input);

  return db.transaction(async (tx) => {
    if (required) {
      const [me] = await tx
        .select({ totpEnabledAt: staffUsers.totpEnabledAt })
        .from(staffUsers)
        .where(eq(staffUsers.id, actor.staffId));
      if (!me?.totpEnabledAt) {
        throw new ConflictError('errors.staff.totp_own_first');
      }
    }
    const [current] = await tx
      .select({ value: appSettings.value })
      .from(appSettings)
      .where(eq(appSettings.key, REQUIRE_TOTP_KEY))
      .for('update');
    const before = current?.value === true;
    if (before === required) return { changed: false };
    const now = new Date();
    await tx
      .insert(appSettings)
      .values({ key: REQUIRE_TOTP_KEY, value: required, updatedAt: now })
      .onConflictDoUpdate({ target: appSettings.key, set: { value: required, updatedAt: now } });
    await recordAudit(tx, actor, {
      action: 'settings.changed',
      entityType: 'app_setting',
      entityId: REQUIRE_TOTP_KEY,
      before: { [REQUIRE_TOTP_KEY]: before },
      after: { [REQUIRE_TOTP_KEY]: required },
    });
    return { changed: true };
  });
}
