import type { ReactNode } from 'react';
import { ConsoleShell } from '@/components/shell/console-shell';
import { requireSignedIn } from '@/lib/auth/guard';

export const dynamic = 'force-dynamic';

/**
 * The staff member's own account. Outside the console layout on purpose: that layout sends anyone
 * who must still choose a password or enrol in two-factor sign-in here, so these pages ask only
 * that they are signed in.
 */
export default async function AccountLayout({ children }: { children: ReactNode }) {
  const actor = await requireSignedIn();
  return <ConsoleShell actor={actor}>{children}</ConsoleShell>;
}
