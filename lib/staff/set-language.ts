import 'server-only';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/connect';
import { staffUsers } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import type { StaffActor } from '@/lib/auth/actor';
import { LOCALES, type Locale } from '@/lib/i18n/locales';
import { msg } from '@/lib/shared/messages';
import { parseInput } from '@/lib/validation';
import { lockStaffOrThrow } from './locks';

export const SetLanguageInput = z.object({ locale: z.enum(LOCALES, { message: msg('errors.invalid') }) });
export type SetLanguageInput = z.infer<typeof SetLanguageInput>;

/**
 * A signed-in staff member chooses the console's language for their own account; it follows them
 * to every browser they sign in on. Choosing the language they already have changes nothing.
 */
export async function setLanguage({
  ctx: { db, actor },
  input,
}: {
  ctx: { db: Db; actor: StaffActor };
  input: SetLanguageInput;
}): Promise<{ locale: Locale; changed: boolean }> {
  const { locale } = parseInput(SetLanguageInput, input);

  return db.transaction(async (tx) => {
    const me = await lockStaffOrThrow(tx, actor.staffId);
    if (me.locale === locale) return { locale, changed: false };
    await tx.update(staffUsers).set({ locale, updatedAt: new Date() }).where(eq(staffUsers.id, me.id));
    await recordAudit(tx, actor, {
      action: 'staff.language_changed',
      entityType: 'staff_user',
      entityId: me.id,
      before: { locale: me.locale },
      after: { locale },
    });
    return { locale, changed: true };
  });
}
