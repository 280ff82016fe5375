import type { ReactNode } from 'react';
import { ConsoleShell } from '@/components/shell/console-shell';
import { requireActor } from '@/lib/auth/guard';

export const dynamic = 'force-dynamic';

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const actor = await requireActor();
  return <ConsoleShell actor={actor}>{children}</ConsoleShell>;
}
