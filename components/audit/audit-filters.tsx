'use client';

import Link from 'next/link';
import { useLocale, useTranslations } from 'next-intl';
import { DateRangeFields } from '@/components/finance/date-range-fields';
import { useFilterSubmit } from '@/components/finance/use-filter-submit';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Select } from '@/components/ui/input';
import { SelectField } from '@/components/ui/select-field';
import type { AuditFilterOptions } from '@/lib/audit/filter-options';
import type { FieldErrors } from '@/lib/errors';
import type { FinancePreset } from '@/lib/finance/presets';
import { auditEventName } from '@/lib/i18n/audit-sentences';

/**
 * The audit log's filters: who (a staff member, any staff, eftPay or the system), which event,
 * which Hong Kong days. Applying writes them to the URL; remounted by the page on every URL change.
 */
export function AuditFilters({
  values,
  options,
  presets,
  fieldErrors,
}: {
  values: Record<string, string>;
  options: AuditFilterOptions;
  presets: Record<FinancePreset, { from: string; to: string }>;
  fieldErrors: FieldErrors;
}) {
  const t = useTranslations('audit');
  const tPresets = useTranslations('finance.presets');
  const root = useTranslations();
  const locale = useLocale();
  // Event types by their names, in the reader's alphabet; the code stays the filter's value.
  const events = options.actions
    .map((code) => ({ value: code, label: auditEventName(root, code) }))
    .sort((a, b) => a.label.localeCompare(b.label, locale));
  const { submit, isPending } = useFilterSubmit('/audit');

  const error = (name: string) => fieldErrors[name]?.[0];
  const invalid = (name: string) => (fieldErrors[name] ? true : undefined);

  return (
    <search aria-label={t('filters.legend')}>
      <form onSubmit={submit} action="/audit" method="get" className="space-y-4">
        <div className="flex flex-wrap items-end gap-3">
          <Field id="audit-actor" label={t('filters.actor')} error={error('actor')}>
            <Select id="audit-actor" name="actor" defaultValue={values.actor ?? ''} aria-invalid={invalid('actor')}>
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
            id="audit-action"
            name="action"
            label={t('filters.action')}
            defaultValue={values.action ?? ''}
            error={error('action')}
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
            errors={{ from: error('from'), to: error('to') }}
          />
        </div>
        <div className="flex gap-2">
          <Button type="submit" disabled={isPending}>
            {isPending ? t('filters.applying') : t('filters.apply')}
          </Button>
          <Button asChild variant="ghost">
            <Link href="/audit">{t('filters.clear')}</Link>
          </Button>
        </div>
      </form>
    </search>
  );
}
