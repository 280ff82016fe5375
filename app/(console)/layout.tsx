import type { ReactNode } from 'react';
import { ConsoleShell, type ShellBadges, type ShellStores } from '@/components/shell/console-shell';
import { getDb } from '@/db/client';
import { requireActor } from '@/lib/auth/guard';
import { can } from '@/lib/auth/permissions';
import { countPendingApprovals } from '@/lib/refunds/list-requests';
import { storeNames } from '@/lib/stores/list';

export const dynamic = 'force-dynamic';

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const actor = await requireActor();
  const db = await getDb();
  const [stores, approvals] = await Promise.all([
    actor.scope.kind === 'all' ? ('all' as const) : storeNames(db, actor.storeIds),
    // Requests waiting for this person's decision, for the Approvals entry (docs/adr/0014).
    can(actor.role, 'refunds.approve') ? countPendingApprovals(db, actor) : undefined,
  ]);
  const badges: ShellBadges = { approvals };
  return (
    <ConsoleShell actor={actor} stores={stores satisfies ShellStores} badges={badges}>
      {children}
    </ConsoleShell>
  );
}
