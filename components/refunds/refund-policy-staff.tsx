'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useFieldArray } from 'react-hook-form';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Select } from '@/components/ui/input';
import { ROLES, type Role } from '@/lib/auth/permissions';
import { messageText } from '@/lib/i18n/message-text';
import { errorAt, type PolicyForm, PolicyInput } from './refund-policy-fields';

/** A staff member the policy can name: no more than the select needs. */
export interface PolicyStaffOption {
  id: string;
  name: string;
  role: Role;
  active: boolean;
}

/**
 * Limits for one person, replacing their role's: a row per person (chosen from the staff, grouped
 * by role), added and removed here; saved with the rest of the policy.
 */
export function RefundPolicyStaff({ form, staff }: { form: PolicyForm; staff: readonly PolicyStaffOption[] }) {
  const t = useTranslations('refunds.policy');
  const tRole = useTranslations('nav.roles');
  const tRoot = useTranslations();
  const locale = useLocale();
  const { fields, append, remove } = useFieldArray({ control: form.control, name: 'staff' });
  const chosen = form.watch('staff');
  const nameOf = (id: string | undefined) => staff.find((s) => s.id === id)?.name;
  const groups = ROLES.map((role) => ({ role, members: staff.filter((s) => s.role === role) })).filter(
    (g) => g.members.length > 0,
  );
  const listError = errorAt(form, 'staff.root') ?? errorAt(form, 'staff');

  return (
    <section aria-labelledby="policy-staff-heading" className="space-y-3">
      <div>
        <h2 id="policy-staff-heading" className="font-semibold">
          {t('staffSection')}
        </h2>
        <p className="text-sm text-slate-600">{t('staffHint')}</p>
      </div>
      {fields.length === 0 ? <p className="text-sm text-slate-600">{t('noStaffRows')}</p> : null}
      <ul className="space-y-3">
        {fields.map((field, index) => {
          const prefix = `policy-staff-${index}`;
          const name = nameOf(chosen?.[index]?.staffId);
          const staffError = errorAt(form, `staff.${index}.staffId`);
          return (
            <li
              key={field.id}
              data-testid="policy-staff-row"
              className="grid gap-3 rounded-md border border-slate-200 p-3 sm:grid-cols-2 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)_minmax(0,1fr)_auto] lg:items-start"
            >
              <Field id={`${prefix}-member`} label={t('staffMember')} error={staffError}>
                <Select
                  id={`${prefix}-member`}
                  aria-invalid={staffError ? true : undefined}
                  aria-describedby={staffError ? `${prefix}-member-error` : undefined}
                  {...form.register(`staff.${index}.staffId`)}
                >
                  <option value="" disabled>
                    {t('chooseStaff')}
                  </option>
                  {groups.map((group) => (
                    <optgroup key={group.role} label={tRole(group.role)}>
                      {group.members.map((member) => (
                        <option key={member.id} value={member.id}>
                          {member.active ? member.name : t('inactive', { name: member.name })}
                        </option>
                      ))}
                    </optgroup>
                  ))}
                </Select>
              </Field>
              <PolicyInput
                form={form}
                name={`staff.${index}.perRefund`}
                id={`${prefix}-per-refund`}
                label={t('perRefund')}
                inputMode="decimal"
                testId={`${prefix}-per-refund`}
              />
              <PolicyInput
                form={form}
                name={`staff.${index}.perDay`}
                id={`${prefix}-per-day`}
                label={t('perDay')}
                inputMode="decimal"
                testId={`${prefix}-per-day`}
              />
              <div className="sm:col-span-2 lg:col-span-1 lg:pt-6">
                <Button type="button" variant="secondary" onClick={() => remove(index)}>
                  {name ? t('remove', { name }) : t('removeRow')}
                </Button>
              </div>
            </li>
          );
        })}
      </ul>
      {listError ? (
        <p className="text-sm text-red-700" data-field-error="policy-staff">
          {messageText(tRoot, listError, locale)}
        </p>
      ) : null}
      <Button
        type="button"
        variant="secondary"
        onClick={() =>
          append({ staffId: '', perRefund: '', perDay: '' }, { focusName: `staff.${fields.length}.staffId` })
        }
      >
        {t('addStaff')}
      </Button>
    </section>
  );
}
