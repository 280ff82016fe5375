'use client';

import { useTranslations } from 'next-intl';
import { DateRangeFields } from '@/components/finance/date-range-fields';
import { FilterForm, type ListFiltersProps } from '@/components/finance/filter-form';
import { filterFields } from '@/components/forms/filter-fields';
import { InputField } from '@/components/ui/input-field';
import { SelectField } from '@/components/ui/select-field';
import type { RefundFilterOptions } from '@/lib/finance/filter-options';
import { labels } from '@/lib/i18n/labels';
import { REFUND_REASONS } from '@/lib/shared/refund-reasons';
import { REFUND_STATUSES } from '@/lib/shared/statuses';
import { UNASSIGNED } from '@/lib/shared/stores';
import { WALLET_CODES } from '@/lib/shared/wallets';

/**
 * The refund history's filters. Applying writes them to the URL (a new history entry) and the
 * server renders the matching refunds, totals and chart; any filter change starts again at the
 * newest refunds. Remounted by the page whenever the URL changes (its `key`), so the fields always
 * show what the list shows. Without JavaScript the form is a plain GET to the same page.
 */
export function RefundFilters({ values, options, presets, fieldErrors }: ListFiltersProps<RefundFilterOptions>) {
  const t = useTranslations('finance');
  const label = labels(useTranslations());

  const field = filterFields('refunds', values, fieldErrors);
  const anyLabel = t('filters.any');
  const anyone = t('filters.anyone');
  const storeOptions = [
    ...options.stores.map((s) => ({ value: s.id, label: `${s.code} · ${s.name}` })),
    ...(options.unassigned ? [{ value: UNASSIGNED, label: t('filters.unassigned') }] : []),
  ];
  const staff = options.staff.map((s) => ({ value: s.id, label: s.name }));
  const statuses = REFUND_STATUSES.map((s) => ({ value: s, label: label.refundStatus(s) }));
  const wallets = WALLET_CODES.map((w) => ({ value: w, label: label.wallet(w) }));
  const reasons = REFUND_REASONS.map((r) => ({ value: r, label: label.refundReason(r) }));
  const basis = values.basis === 'completed' ? 'completed' : 'requested';

  return (
    <FilterForm path="/refunds" words={t} omit={(key, value) => key === 'basis' && value === 'requested'}>
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
          errors={{ from: field('from').error, to: field('to').error }}
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
        <SelectField {...field('store')} label={t('filters.store')} emptyLabel={anyLabel} options={storeOptions} />
        <SelectField {...field('staff')} label={t('filters.staff')} emptyLabel={anyone} options={staff} />
        <SelectField {...field('status')} label={t('filters.status')} emptyLabel={anyLabel} options={statuses} />
        <SelectField {...field('wallet')} label={t('filters.wallet')} emptyLabel={anyLabel} options={wallets} />
        <SelectField {...field('reason')} label={t('filters.reason')} emptyLabel={anyLabel} options={reasons} />
        <InputField {...field('min')} label={t('filters.min')} inputMode="decimal" />
        <InputField {...field('max')} label={t('filters.max')} inputMode="decimal" />
        <InputField
          {...field('q')}
          label={t('filters.q')}
          hint={t('filters.qHint')}
          type="search"
          autoComplete="off"
          spellCheck={false}
        />
      </div>
    </FilterForm>
  );
}
