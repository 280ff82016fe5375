import 'server-only';
import { asc, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '@/db/connect';
import { auditLog, staffUsers } from '@/db/schema';
import { type StoreScope, storeCondition } from '@/lib/auth/scope';

export interface AuditFilterOptions {
  staff: Array<{ id: string; name: string; email: string }>;
  actions: string[];
}

function staffOptionsQuery(db: DbOrTx) {
  return db
    .select({ id: staffUsers.id, name: staffUsers.name, email: staffUsers.email })
    .from(staffUsers)
    .orderBy(asc(staffUsers.name));
}

/**
 * Every action the log holds, by a loose index scan of audit_log_action_idx: one index descent per
 * distinct action (a few dozen), where `select distinct action` reads every row — seconds at
 * millions of rows, on every view of the page. For a store-scoped caller each step walks the
 * action's rows until one in scope: bounded for `all`, the only scope that holds `audit.view`.
 */
function actionOptionsQuery(scope: StoreScope): SQL {
  const l = alias(auditLog, 'l');
  return sql`with recursive actions(action) as (
      (select ${l.action} from ${auditLog} l where ${storeCondition(scope, l.storeId)} order by ${l.action} limit 1)
      union all
      select (select ${l.action} from ${auditLog} l
              where ${l.action} > a.action and ${storeCondition(scope, l.storeId)} order by ${l.action} limit 1)
      from actions a where a.action is not null
    )
    select action from actions where action is not null order by action`;
}

/** The statements the audit page's filter choices send, unexecuted (benchmarks: `.toSQL()`, EXPLAIN). */
export function auditFilterOptionsQueries(db: DbOrTx, scope: StoreScope) {
  return { staff: staffOptionsQuery(db), actions: actionOptionsQuery(scope) };
}

/**
 * Choices for the audit filter: every staff member, and every action the log holds. Only roles that
 * see all stores hold `audit.view`, so naming every staff member reveals nothing new to them.
 */
export async function getAuditFilterOptions(db: DbOrTx, scope: StoreScope): Promise<AuditFilterOptions> {
  const queries = auditFilterOptionsQueries(db, scope);
  const staff = await queries.staff;
  const actions = (await db.execute(queries.actions)) as unknown as { rows: Array<{ action: string }> };
  return { staff, actions: actions.rows.map((a) => a.action) };
}
