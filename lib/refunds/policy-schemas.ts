import { z } from 'zod';
import { msg } from '@/lib/shared/messages';

/**
 * The refund policy (docs/adr/0014), as stored and as the admin's form sends it. Client-safe: the
 * form validates with the same schema the action does.
 */

/** Up to HKD 9,999,999.99: a daily limit of a busy store can pass a single refund's maximum. */
const LIMIT_PATTERN = /^([0-9]{1,7})(?:\.([0-9]{1,2}))?$/;

/** "500", "500.5", "500.50" → cents; anything else (signs, 3 decimals, letters) → null. */
export function parseLimitToCents(text: string): number | null {
  const match = LIMIT_PATTERN.exec(text);
  if (!match) return null;
  return Number.parseInt(match[1] ?? '0', 10) * 100 + Number.parseInt((match[2] ?? '').padEnd(2, '0'), 10);
}

/** An amount field of the form: empty means "none"; otherwise HKD with at most 2 decimals, above 0. */
const amountField = z
  .string({ message: msg('errors.policy.amount_format') })
  .trim()
  // A malformed amount gets one message: whether it is above 0 is moot.
  .refine((v) => v === '' || parseLimitToCents(v) !== null, {
    message: msg('errors.policy.amount_format'),
    abort: true,
  })
  .refine((v) => v === '' || (parseLimitToCents(v) ?? 0) > 0, msg('errors.policy.amount_positive'));

const minutesField = (min: number, max: number) =>
  z
    .string({ message: msg('errors.policy.minutes_range', { min, max }) })
    .trim()
    .refine(
      (v) => /^[0-9]{1,5}$/.test(v) && Number(v) >= min && Number(v) <= max,
      msg('errors.policy.minutes_range', { min, max }),
    );

const limitFields = { perRefund: amountField, perDay: amountField };

export const POLICY_ROLES = ['manager', 'supervisor', 'admin'] as const;
export type PolicyRole = (typeof POLICY_ROLES)[number];

export const STEP_UP_MINUTES_MAX = 60;
export const EXPIRY_MINUTES_MIN = 5;
export const EXPIRY_MINUTES_MAX = 7 * 24 * 60;

/** The policy form: amounts as typed ("500.00"), minutes as typed. */
export const RefundPolicyForm = z.object({
  approvalThreshold: amountField,
  stores: z
    .array(z.object({ storeId: z.string().uuid(msg('errors.policy.unknown_store')), approvalThreshold: amountField }))
    .max(1000),
  roles: z.object({ manager: z.object(limitFields), supervisor: z.object(limitFields), admin: z.object(limitFields) }),
  staff: z
    .array(
      z.object({
        // A row just added has no one chosen yet: say so, rather than "does not exist".
        staffId: z
          .string()
          .min(1, msg('errors.policy.choose_staff'))
          .pipe(z.string().uuid(msg('errors.policy.unknown_staff'))),
        ...limitFields,
      }),
    )
    .max(1000)
    .refine((rows) => new Set(rows.map((r) => r.staffId)).size === rows.length, msg('errors.policy.staff_twice')),
  stepUpMinutes: minutesField(0, STEP_UP_MINUTES_MAX),
  expiryMinutes: minutesField(EXPIRY_MINUTES_MIN, EXPIRY_MINUTES_MAX),
});
export type RefundPolicyFormInput = z.input<typeof RefundPolicyForm>;

export interface Limit {
  perRefundCents: number | null;
  perDayCents: number | null;
}

/** The policy as stored (`app_settings.refund_policy`) and applied: cents and minutes. */
export interface RefundPolicy {
  /** Above it (strictly), a refund needs a second person; null: never. */
  approvalThresholdCents: number | null;
  /** Per-store thresholds replacing the global one. */
  storeThresholds: Record<string, number>;
  roleLimits: Record<PolicyRole, Limit>;
  /** Per staff member, replacing their role's limits. */
  staffLimits: Record<string, Limit>;
  /** How long a proof of presence lasts; 0: asked before every protected action. */
  stepUpMinutes: number;
  /** An undecided request lapses after this, releasing its amount. */
  expiryMinutes: number;
}

const NO_LIMIT: Limit = { perRefundCents: null, perDayCents: null };

export const DEFAULT_POLICY: RefundPolicy = {
  approvalThresholdCents: null,
  storeThresholds: {},
  roleLimits: { manager: NO_LIMIT, supervisor: NO_LIMIT, admin: NO_LIMIT },
  staffLimits: {},
  stepUpMinutes: 5,
  expiryMinutes: 240,
};

const cents = (text: string): number | null => (text === '' ? null : parseLimitToCents(text));
const shown = (value: number | null | undefined): string =>
  value == null ? '' : `${Math.floor(value / 100)}.${String(value % 100).padStart(2, '0')}`;

/** The form's values → the stored policy. */
export function policyFromForm(form: z.output<typeof RefundPolicyForm>): RefundPolicy {
  const limit = (l: { perRefund: string; perDay: string }): Limit => ({
    perRefundCents: cents(l.perRefund),
    perDayCents: cents(l.perDay),
  });
  const storeThresholds: Record<string, number> = {};
  for (const row of form.stores) {
    const value = cents(row.approvalThreshold);
    if (value !== null) storeThresholds[row.storeId] = value;
  }
  const staffLimits: Record<string, Limit> = {};
  for (const row of form.staff) {
    const value = limit(row);
    if (value.perRefundCents !== null || value.perDayCents !== null) staffLimits[row.staffId] = value;
  }
  return {
    approvalThresholdCents: cents(form.approvalThreshold),
    storeThresholds,
    roleLimits: {
      manager: limit(form.roles.manager),
      supervisor: limit(form.roles.supervisor),
      admin: limit(form.roles.admin),
    },
    staffLimits,
    stepUpMinutes: Number(form.stepUpMinutes),
    expiryMinutes: Number(form.expiryMinutes),
  };
}

/** The stored policy → the form's values, for the given stores (every store gets a row). */
export function formFromPolicy(policy: RefundPolicy, storeIds: readonly string[]): RefundPolicyFormInput {
  const limit = (l: Limit) => ({ perRefund: shown(l.perRefundCents), perDay: shown(l.perDayCents) });
  return {
    approvalThreshold: shown(policy.approvalThresholdCents),
    stores: storeIds.map((storeId) => ({ storeId, approvalThreshold: shown(policy.storeThresholds[storeId]) })),
    roles: {
      manager: limit(policy.roleLimits.manager),
      supervisor: limit(policy.roleLimits.supervisor),
      admin: limit(policy.roleLimits.admin),
    },
    staff: Object.entries(policy.staffLimits).map(([staffId, l]) => ({ staffId, ...limit(l) })),
    stepUpMinutes: String(policy.stepUpMinutes),
    expiryMinutes: String(policy.expiryMinutes),
  };
}
