import type { Capability } from '@/lib/auth/permissions';

/** A count the console layout reads for the roles that see the entry, shown beside its name. */
export type NavBadge = 'approvals';

/** The console's navigation; each entry is shown only to roles holding its capability. */
export const NAV_ITEMS: ReadonlyArray<{ href: string; key: string; capability: Capability; badge?: NavBadge }> = [
  { href: '/orders', key: 'orders', capability: 'orders.view' },
  { href: '/orders/unpaid', key: 'unpaid', capability: 'orders.close' },
  { href: '/refunds', key: 'refunds', capability: 'refunds.history' },
  { href: '/approvals', key: 'approvals', capability: 'refunds.approve', badge: 'approvals' },
  { href: '/audit', key: 'audit', capability: 'audit.view' },
  { href: '/discrepancies', key: 'discrepancies', capability: 'discrepancies.resolve' },
  { href: '/staff', key: 'staff', capability: 'staff.manage' },
  { href: '/settings/refund-policy', key: 'refundPolicy', capability: 'refunds.policy' },
];
