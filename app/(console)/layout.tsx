import type { ReactNode } from 'react';
import { ConsoleShell, type ShellStores } from '@/components/shell/console-shell';
import { getDb } from '@/db/client';
import { requireActor } from '@/lib/auth/guard';
import { storeNames } from '@/lib/stores/list';

export const dynamic = 'force-dynamic';

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const actor = await requireActor();
  const stores: ShellStores = actor.scope.kind === 'all' ? 'all' : await storeNames(await getDb(), actor.storeIds);
  return (
    <ConsoleShell actor={actor} stores={stores}>
      {children}
    </ConsoleShell>
  );
}
