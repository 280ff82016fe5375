/** Staff roles, and who can act in the audit log: the one list of each. Client-safe. */
export const ROLES = ['manager', 'finance', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** `staff`: a person; `eftpay`: eftPay's notifications; `system`: the console itself (the reconciler). */
export const ACTOR_KINDS = ['staff', 'eftpay', 'system'] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];
