import 'server-only';
import { isDeepStrictEqual } from 'node:util';
import { eq, inArray } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/db/connect';
import { appSettings, staffUsers, stores } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import type { StaffActor } from '@/lib/auth/actor';
import { ValidationError } from '@/lib/errors';
import { msg } from '@/lib/shared/messages';
import { parseInput } from '@/lib/validation';
import {
  DEFAULT_POLICY,
  type Limit,
  POLICY_ROLES,
  type PolicyRole,
  policyFromForm,
  type RefundPolicy,
  RefundPolicyForm,
  type RefundPolicyFormInput,
} from './policy-schemas';

export const REFUND_POLICY_KEY = 'refund_policy';

/** The refund policy in force (the default until an admin sets one). */
export async function getRefundPolicy(db: DbOrTx): Promise<RefundPolicy> {
  const [row] = await db
    .select({ value: appSettings.value })
    .from(appSettings)
    .where(eq(appSettings.key, REFUND_POLICY_KEY));
  return withDefaults(row?.value);
}

function withDefaults(value: unknown): RefundPolicy {
  if (!value || typeof value !== 'object') return DEFAULT_POLICY;
  const stored = value as Partial<RefundPolicy>;
  return {
    ...DEFAULT_POLICY,
    ...stored,
    roleLimits: { ...DEFAULT_POLICY.roleLimits, ...(stored.roleLimits ?? {}) },
  };
}

/** The approval threshold at a store: its own, else the global one; null: no approvals. */
export function thresholdAt(policy: RefundPolicy, storeId: string | null): number | null {
  return (storeId ? policy.storeThresholds[storeId] : undefined) ?? policy.approvalThresholdCents;
}

/** A staff member's limits: their own, else their role's (finance never refunds). */
export function limitsOf(policy: RefundPolicy, actor: Pick<StaffActor, 'staffId' | 'role'>): Limit {
  const own = policy.staffLimits[actor.staffId];
  if (own) return own;
  return (POLICY_ROLES as readonly string[]).includes(actor.role)
    ? policy.roleLimits[actor.role as PolicyRole]
    : { perRefundCents: null, perDayCents: null };
}

/**
 * An administrator sets the refund policy. Every store and staff member named must exist (field
 * errors otherwise, nothing changed); the change is audited before → after. It applies from the
 * next request: a refund already requested keeps the threshold it was requested under.
 */
export async function setRefundPolicy({
  ctx: { db, actor },
  input,
}: {
  ctx: { db: Db; actor: StaffActor };
  input: RefundPolicyFormInput;
}): Promise<{ changed: boolean }> {
  // Its fields are nested: each error is named by its path, as the form names the field.
  const form = parseInput(RefundPolicyForm, input, { byPath: true });
  const policy = policyFromForm(form);

  return db.transaction(async (tx) => {
    const storeIds = form.stores.map((s) => s.storeId);
    const staffIds = form.staff.map((s) => s.staffId);
    const [knownStores, knownStaff] = await Promise.all([
      storeIds.length ? tx.select({ id: stores.id }).from(stores).where(inArray(stores.id, storeIds)) : [],
      staffIds.length ? tx.select({ id: staffUsers.id }).from(staffUsers).where(inArray(staffUsers.id, staffIds)) : [],
    ]);
    const fieldErrors: Record<string, string[]> = {};
    const storeSet = new Set(knownStores.map((s) => s.id));
    form.stores.forEach((row, i) => {
      if (!storeSet.has(row.storeId)) fieldErrors[`stores.${i}.storeId`] = [msg('errors.policy.unknown_store')];
    });
    const staffSet = new Set(knownStaff.map((s) => s.id));
    form.staff.forEach((row, i) => {
      if (!staffSet.has(row.staffId)) fieldErrors[`staff.${i}.staffId`] = [msg('errors.policy.unknown_staff')];
    });
    if (Object.keys(fieldErrors).length > 0) throw new ValidationError(fieldErrors);

    const [current] = await tx
      .select({ value: appSettings.value })
      .from(appSettings)
      .where(eq(appSettings.key, REFUND_POLICY_KEY))
      .for('update');
    const before = withDefaults(current?.value);
    // Compared as values: jsonb does not keep the order of an object's keys.
    if (isDeepStrictEqual(before, policy)) return { changed: false };
    const now = new Date();
    await tx
      .insert(appSettings)
      .values({ key: REFUND_POLICY_KEY, value: policy, updatedAt: now })
      .onConflictDoUpdate({ target: appSettings.key, set: { value: policy, updatedAt: now } });
    await recordAudit(tx, actor, {
      action: 'refund_policy.changed',
      entityType: 'app_setting',
      entityId: REFUND_POLICY_KEY,
      before,
      after: policy,
    });
    return { changed: true };
  });
}
