/**
 * The one role → capability map (README "Roles"). The console shell, every page and
 * every server action consult it; the server refuses regardless of what the UI shows.
 */
import { ROLES, type Role } from '@/lib/shared/actors';

export { ROLES, type Role };

export const CAPABILITIES = [
  'orders.view',
  'orders.find_at_eftpay',
  'orders.refresh',
  'orders.refund',
  'orders.close',
  // Deciding another person's refund request above the approval threshold (docs/adr/0014).
  'refunds.approve',
  // Setting the refund policy: threshold, limits, step-up, expiry.
  'refunds.policy',
  'refunds.history',
  'refunds.export',
  'audit.view',
  'audit.export',
  // Marking a disagreement with eftPay resolved, with a note (docs/adr/0011).
  'discrepancies.resolve',
  'staff.manage',
  'stores.manage',
  // Every staff member's own account: their password and two-factor sign-in.
  'account.self',
] as const;
export type Capability = (typeof CAPABILITIES)[number];

const STORE_STAFF: readonly Capability[] = [
  'account.self',
  'orders.view',
  'orders.find_at_eftpay',
  'orders.refresh',
  'orders.refund',
  'refunds.history',
  'refunds.export',
];

export const ROLE_CAPABILITIES: Readonly<Record<Role, readonly Capability[]>> = {
  manager: STORE_STAFF,
  supervisor: [...STORE_STAFF, 'orders.close', 'refunds.approve'],
  // Finance reads every store and changes nothing but its own sign-in and a discrepancy's resolution.
  finance: [
    'account.self',
    'orders.view',
    'refunds.history',
    'refunds.export',
    'audit.view',
    'audit.export',
    'discrepancies.resolve',
  ],
  admin: CAPABILITIES,
};

/** Roles that see every store and the unassigned orders; the others see their assigned stores. */
export const ALL_STORE_ROLES: readonly Role[] = ['admin', 'finance'];

export function can(role: Role, capability: Capability): boolean {
  return ROLE_CAPABILITIES[role].includes(capability);
}
