import 'server-only';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/connect';
import { staffUsers } from '@/db/schema';
import type { StaffActor } from '@/lib/auth/actor';
import { decryptTotpSecret, formatSecretForDisplay, totpQrDataUrl, totpUri } from '@/lib/auth/totp';

export interface TotpSetupView {
  /** The QR code (SVG data URL) an authenticator app scans. */
  qrDataUrl: string;
  /** The same key, for typing in by hand. */
  secret: string;
}

/**
 * What the enrolment page shows the signed-in staff member about their own authenticator: the
 * pending key (only theirs, only before it is confirmed — afterwards it is never shown again).
 */
export async function pendingTotpEnrolment(
  db: DbOrTx,
  actor: StaffActor,
): Promise<{ setup: TotpSetupView | null; enabledAt: Date | null }> {
  const [row] = await db
    .select({ totpSecret: staffUsers.totpSecret, totpEnabledAt: staffUsers.totpEnabledAt })
    .from(staffUsers)
    .where(eq(staffUsers.id, actor.staffId));
  if (!row || row.totpEnabledAt || !row.totpSecret) return { setup: null, enabledAt: row?.totpEnabledAt ?? null };
  const secret = decryptTotpSecret(row.totpSecret, actor.staffId);
  if (!secret) return { setup: null, enabledAt: null };
  return {
    setup: { qrDataUrl: await totpQrDataUrl(totpUri(actor.email, secret)), secret: formatSecretForDisplay(secret) },
    enabledAt: null,
  };
}
