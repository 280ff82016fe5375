import 'server-only';
import { asc } from 'drizzle-orm';
import type { DbOrTx } from '@/db/connect';
import { auditLog, staffUsers } from '@/db/schema';
import { type StoreScope, storeCondition } from '@/lib/auth/scope';

export interface AuditFilterOptions {
  staff: Array<{ id: string; name: string; email: string }>;
  actions: string[];
}

/**
 * Choices for the audit filter: every staff member, and every action the log holds. Only roles that
 * see all stores hold `audit.view`, so naming every staff member reveals nothing new to them.
 */
export async function getAuditFilterOptions(db: DbOrTx, scope: StoreScope): Promise<AuditFilterOptions> {
  const staff = await db
    .select({ id: staffUsers.id, name: staffUsers.name, email: staffUsers.email })
    .from(staffUsers)
    .orderBy(asc(staffUsers.name));
  const actions = await db
    .selectDistinct({ action: auditLog.action })
    .from(auditLog)
    .where(storeCondition(scope, auditLog.storeId))
    .orderBy(asc(auditLog.action));
  return { staff, actions: actions.map((a) => a.action) };
}
