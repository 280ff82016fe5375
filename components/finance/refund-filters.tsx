'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { DateRangeFields } from '@/components/finance/date-range-fields';
import { useFilterSubmit } from '@/components/finance/use-filter-submit';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Input, Select } from '@/components/ui/input';
import { SelectField } from '@/components/ui/select-field';
import { WALLET_CODES } from '@/lib/shared/wallets';
import type { FieldErrors } from '@/lib/errors';
import type { RefundFilterOptions } from '@/lib/finance/filter-options';
import type { FinancePreset } from '@/lib/finance/presets';
import { REFUND_REASONS, REFUND_STATUSES, UNASSIGNED } from '@/lib/finance/refund-filter';
import { labels } from '@/lib/i18n/labels';

/**
 * The refund history's filters. Applying writes them to the URL (a new history entry) and the
 * server renders the matching refunds, totals and chart; any filter change starts again at the
 * newest refunds. Remounted by the page whenever the URL changes (its `key`), so the fields always
 * show what the list shows. Without JavaScript the form is a plain GET to the same page.
 */
export function RefundFilters({
  values,
  options,
  presets,
  fieldErrors,
}: {
  /** The URL's values as typed (even invalid ones, so they can be corrected). */
  values: Record<string, string>;
  options: RefundFilterOptions;
  presets: Record<FinancePreset, { from: string; to: string }>;
  fieldErrors: FieldErrors;
}) {
  const t = useTranslations('finance');
  const label = labels(useTranslations());
  const { submit, isPending } = useFilterSubmit('/refunds', (key, value) => key === 'basis' && value === 'requested');

  const error = (name: string) => fieldErrors[name]?.[0];
  const invalid = (name: string) => (fieldErrors[name] ? true : undefined);
  const basis = values.basis === 'completed' ? 'completed' : 'requested';

  return (
    <search aria-label={t('filters.legend')}>
      <form onSubmit={submit} action="/refunds" method="get" className="space-y-4">
        <div className="flex flex-wrap items-end gap-3">
          <DateRangeFields
            idPrefix="refunds"
            initial={values}
            presets={presets}
            labels={{
              from: t('filters.from'),
              to: t('filters.to'),
              presets: t('filters.presets'),
              preset: (p) => t(`presets.${p}`),
            }}
            errors={{ from: error('from'), to: error('to') }}
            between={
              <fieldset className="space-y-1">
                <legend className="text-sm font-medium text-slate-700">{t('filters.basis')}</legend>
                <div className="flex h-10 items-center gap-4 text-sm">
                  {(['requested', 'completed'] as const).map((value) => (
                    <label key={value} className="flex items-center gap-1.5">
                      <input type="radio" name="basis" value={value} defaultChecked={basis === value} />
                      {t(value === 'requested' ? 'filters.basisRequested' : 'filters.basisCompleted')}
                    </label>
                  ))}
                </div>
              </fieldset>
            }
          />
        </div>

        <div className="grid grid-cols-2 gap-3 md:grid-cols-4 lg:grid-cols-8">
          <Field id="refunds-store" label={t('filters.store')} error={error('store')}>
            <Select id="refunds-store" name="store" defaultValue={values.store ?? ''} aria-invalid={invalid('store')}>
              <option value="">{t('filters.any')}</option>
              {options.stores.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.code} · {s.name}
                </option>
              ))}
              {options.unassigned ? <option value={UNASSIGNED}>{t('filters.unassigned')}</option> : null}
            </Select>
          </Field>
          <SelectField
            id="refunds-staff"
            name="staff"
            label={t('filters.staff')}
            defaultValue={values.staff ?? ''}
            error={error('staff')}
            emptyLabel={t('filters.anyone')}
            options={options.staff.map((s) => ({ value: s.id, label: s.name }))}
          />
          <SelectField
            id="refunds-status"
            name="status"
            label={t('filters.status')}
            defaultValue={values.status ?? ''}
            error={error('status')}
            emptyLabel={t('filters.any')}
            options={REFUND_STATUSES.map((s) => ({ value: s, label: label.refundStatus(s) }))}
          />
          <SelectField
            id="refunds-wallet"
            name="wallet"
            label={t('filters.wallet')}
            defaultValue={values.wallet ?? ''}
            error={error('wallet')}
            emptyLabel={t('filters.any')}
            options={WALLET_CODES.map((w) => ({ value: w, label: label.wallet(w) }))}
          />
          <SelectField
            id="refunds-reason"
            name="reason"
            label={t('filters.reason')}
            defaultValue={values.reason ?? ''}
            error={error('reason')}
            emptyLabel={t('filters.any')}
            options={REFUND_REASONS.map((r) => ({ value: r, label: label.refundReason(r) }))}
          />
          <Field id="refunds-min" label={t('filters.min')} error={error('min')}>
            <Input
              id="refunds-min"
              name="min"
              inputMode="decimal"
              defaultValue={values.min ?? ''}
              aria-invalid={invalid('min')}
            />
          </Field>
          <Field id="refunds-max" label={t('filters.max')} error={error('max')}>
            <Input
              id="refunds-max"
              name="max"
              inputMode="decimal"
              defaultValue={values.max ?? ''}
              aria-invalid={invalid('max')}
            />
          </Field>
          <Field id="refunds-q" label={t('filters.q')} hint={t('filters.qHint')} error={error('q')}>
            <Input
              id="refunds-q"
              name="q"
              type="search"
              defaultValue={values.q ?? ''}
              autoComplete="off"
              spellCheck={false}
              aria-invalid={invalid('q')}
            />
          </Field>
        </div>

        <div className="flex gap-2">
          <Button type="submit" disabled={isPending}>
            {isPending ? t('filters.applying') : t('filters.apply')}
          </Button>
          <Button asChild variant="ghost">
            <Link href="/refunds">{t('filters.clear')}</Link>
          </Button>
        </div>
      </form>
    </search>
  );
}
