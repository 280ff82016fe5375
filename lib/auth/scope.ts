import 'server-only';
import { inArray, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { ALL_STORE_ROLES, type Role } from './permissions';

/** Which stores a staff member may see. Every query that serves a request takes one. */
export type StoreScope = { kind: 'all' } | { kind: 'stores'; storeIds: readonly string[] };

export function scopeFor(role: Role, storeIds: readonly string[]): StoreScope {
  return ALL_STORE_ROLES.includes(role) ? { kind: 'all' } : { kind: 'stores', storeIds };
}

/**
 * The WHERE condition that keeps a query inside the scope. `all` includes unassigned rows
 * (store_id null); a store-scoped caller never sees them.
 */
export function storeCondition(scope: StoreScope, storeIdColumn: AnyPgColumn): SQL {
  if (scope.kind === 'all') return sql`true`;
  if (scope.storeIds.length === 0) return sql`false`;
  return inArray(storeIdColumn, [...scope.storeIds]);
}

export function inScope(scope: StoreScope, storeId: string | null): boolean {
  if (scope.kind === 'all') return true;
  return storeId !== null && scope.storeIds.includes(storeId);
}
