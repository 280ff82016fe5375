import type { Capability } from '@/lib/auth/permissions';

/** The console's navigation; each entry is shown only to roles holding its capability. */
export const NAV_ITEMS: ReadonlyArray<{ href: string; key: string; capability: Capability }> = [
  { href: '/orders', key: 'orders', capability: 'orders.view' },
  { href: '/orders/unpaid', key: 'unpaid', capability: 'orders.close' },
  { href: '/refunds', key: 'refunds', capability: 'refunds.history' },
  { href: '/audit', key: 'audit', capability: 'audit.view' },
  { href: '/discrepancies', key: 'discrepancies', capability: 'discrepancies.resolve' },
  { href: '/staff', key: 'staff', capability: 'staff.manage' },
];
