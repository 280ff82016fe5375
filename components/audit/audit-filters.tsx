'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { type FormEvent, useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Input, Select } from '@/components/ui/input';
import { SelectField } from '@/components/ui/select-field';
import type { AuditFilterOptions } from '@/lib/audit/filter-options';
import type { FieldErrors } from '@/lib/errors';
import { FINANCE_PRESETS, type FinancePreset, hrefWith } from '@/lib/finance/presets';

/**
 * The audit log's filters: who (a staff member, any staff, eftPay or the system), which action,
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
  const router = useRouter();
  const [isPending, startTransition] = useTransition();
  const [from, setFrom] = useState(values.from ?? '');
  const [to, setTo] = useState(values.to ?? '');

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const params: Record<string, string> = {};
    for (const [key, value] of form) {
      const text = String(value).trim();
      if (text) params[key] = text;
    }
    startTransition(() => router.push(hrefWith('/audit', params)));
  }

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
            options={options.actions.map((a) => ({ value: a, label: a }))}
          />
          <Field id="audit-from" label={t('filters.from')} error={error('from')}>
            <Input
              id="audit-from"
              name="from"
              type="date"
              value={from}
              onChange={(e) => setFrom(e.target.value)}
              aria-invalid={invalid('from')}
            />
          </Field>
          <Field id="audit-to" label={t('filters.to')} error={error('to')}>
            <Input
              id="audit-to"
              name="to"
              type="date"
              value={to}
              onChange={(e) => setTo(e.target.value)}
              aria-invalid={invalid('to')}
            />
          </Field>
          <div className="space-y-1">
            <p className="text-sm font-medium text-slate-700">{t('filters.presets')}</p>
            <div className="flex flex-wrap gap-1">
              {FINANCE_PRESETS.map((preset) => (
                <Button
                  key={preset}
                  type="button"
                  variant="secondary"
                  size="sm"
                  aria-pressed={from === presets[preset].from && to === presets[preset].to}
                  onClick={() => {
                    setFrom(presets[preset].from);
                    setTo(presets[preset].to);
                  }}
                >
                  {tPresets(preset)}
                </Button>
              ))}
            </div>
          </div>
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
