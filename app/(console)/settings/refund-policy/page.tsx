import { getTranslations } from 'next-intl/server';
import { type PolicyStaffOption, RefundPolicyForm } from '@/components/refunds/refund-policy-form';
import { getDb } from '@/db/client';
import { requireCapability } from '@/lib/auth/guard';
import { getRefundPolicy } from '@/lib/refunds/policy';
import { formFromPolicy, POLICY_ROLES } from '@/lib/refunds/policy-schemas';
import { listStaff } from '@/lib/staff/list';
import { listStores } from '@/lib/stores/list';

/**
 * The refund policy (administrators; docs/adr/0014): the approval threshold, per store too; limits
 * per role and per person; how long a confirmation of presence lasts; when requests lapse.
 */
export default async function RefundPolicyPage() {
  await requireCapability('refunds.policy');
  const t = await getTranslations('refunds.policy');
  const db = await getDb();
  const [policy, stores, members] = await Promise.all([getRefundPolicy(db), listStores(db), listStaff(db)]);
  // Only what the form shows goes to the browser: no e-mail, no sign-in state.
  const staff: PolicyStaffOption[] = members
    .filter((m) => (POLICY_ROLES as readonly string[]).includes(m.role) || m.id in policy.staffLimits)
    .map(({ id, name, role, active }) => ({ id, name, role, active }));
  return (
    <div className="space-y-5">
      <div className="max-w-3xl">
        <h1 className="text-xl font-semibold">{t('title')}</h1>
        <p className="text-sm text-slate-600">{t('subtitle')}</p>
      </div>
      <RefundPolicyForm
        defaults={formFromPolicy(
          policy,
          stores.map((s) => s.id),
        )}
        stores={stores.map(({ id, code, name }) => ({ id, code, name }))}
        staff={staff}
      />
    </div>
  );
}
