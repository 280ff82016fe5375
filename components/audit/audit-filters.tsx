'use client';

import { useLocale, useTranslations } from 'next-intl';
import { DateRangeFields } from '@/components/finance/date-range-fields';
import { FilterForm, type ListFiltersProps } from '@/components/finance/filter-form';
import { filterFields } from '@/components/forms/filter-fields';
import { Field } from '@/components/ui/field';
import { Select } from '@/components/ui/input';
import { SelectField } from '@/components/ui/select-field';
import type { AuditFilterOptions } from '@/lib/audit/filter-options';
import { auditEventName } from '@/lib/i18n/audit-sentences';

/**
 * The audit log's filters: who (a staff member, any staff, eftPay or the system), which event,
 * which Hong Kong days. Applying writes them to the URL; remounted by the page on every URL change.
 */
export function AuditFilters({ values, options, presets, fieldErrors }: ListFiltersProps<AuditFilterOptions>) {
  const t = useTranslations('audit');
  const tPresets = useTranslations('finance.presets');
  const root = useTranslations();
  const locale = useLocale();
  // Event types by their names, in the reader's alphabet; the code stays the filter's value.
  const events = options.actions
    .map((code) => ({ value: code, label: auditEventName(root, code) }))
    .sort((a, b) => a.label.localeCompare(b.label, locale));
  const field = filterFields('audit', values, fieldErrors);
  const actor = field('actor');

  return (
    <FilterForm path="/audit" words={t}>
      <div className="flex flex-wrap items-end gap-3">
        <Field id={actor.id} label={t('filters.actor')} error={actor.error}>
          <Select
            id={actor.id}
            name={actor.name}
            defaultValue={actor.defaultValue}
            aria-invalid={actor.error ? true : undefined}
          >
            <option value="">{t('filters.anyone')}</option>
            <option value="staff">{t('filters.anyStaff')}</option>
            <option value="eftpay">{t('filters.eftpay')}</option>
            <option value="system">{t('filters.system')}</option>
            <optgroup label={t('filters.staffGroup')}>
              {options.staff.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name} ({s.email})
                </option>
              ))}
            </optgroup>
          </Select>
        </Field>
        <SelectField
          {...field('action')}
          label={t('filters.action')}
          emptyLabel={t('filters.anyAction')}
          options={events}
        />
        <DateRangeFields
          idPrefix="audit"
          initial={values}
          presets={presets}
          labels={{
            from: t('filters.from'),
            to: t('filters.to'),
            presets: t('filters.presets'),
            preset: (p) => tPresets(p),
          }}
          errors={{ from: field('from').error, to: field('to').error }}
        />
      </div>
    </FilterForm>
  );
}
