import type { ReactNode } from 'react';
import { ConsoleShell, type ShellStores } from '@/components/shell/console-shell';
import { getDb } from '@/db/client';
import { requireSignedIn } from '@/lib/auth/guard';
import { storeNames } from '@/lib/stores/list';

export const dynamic = 'force-dynamic';

/**
 * The staff member's own account. Outside the console layout on purpose: that layout sends anyone
 * who must still choose a password or enrol in two-factor sign-in here, so these pages ask only
 * that they are signed in.
 */
export default async function AccountLayout({ children }: { children: ReactNode }) {
  const actor = await requireSignedIn();
  const stores: ShellStores = actor.scope.kind === 'all' ? 'all' : await storeNames(await getDb(), actor.storeIds);
  return (
    <ConsoleShell actor={actor} stores={stores}>
      {children}
    </ConsoleShell>
  );
}
