'use client';

import { useTranslations } from 'next-intl';
import { useQueryStates } from 'nuqs';
import { type FormEvent, useState } from 'react';
import { filterFields } from '@/components/forms/filter-fields';
import { useOrdersSearchTransition } from '@/components/orders/orders-pending';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Select } from '@/components/ui/input';
import { InputField } from '@/components/ui/input-field';
import { SelectField } from '@/components/ui/select-field';
import type { FieldErrors } from '@/lib/errors';
import { labels } from '@/lib/i18n/labels';
import { orderSearchParsers } from '@/lib/orders/search-params';
import { DATE_PRESETS } from '@/lib/shared/date-presets';
import { ORDER_STATUSES } from '@/lib/shared/statuses';
import { UNASSIGNED } from '@/lib/shared/stores';
import { WALLET_CODES } from '@/lib/shared/wallets';

const CUSTOM = 'custom';

/**
 * The search box and filters. Submitting writes them to the URL (a new history entry, so Back
 * undoes a search) and the server renders the matching page; a filter change always starts
 * again at the newest orders. Remounted by the page whenever the URL changes (its `key`), so the
 * fields always show what the list shows.
 */
export function OrdersFilters({
  stores,
  showUnassigned,
  fieldErrors,
}: {
  stores: Array<{ id: string; name: string }>;
  showUnassigned: boolean;
  fieldErrors: FieldErrors;
}) {
  const t = useTranslations('orders');
  const label = labels(useTranslations());
  const [isPending, startTransition] = useOrdersSearchTransition();
  const [params, setParams] = useQueryStates(orderSearchParsers, {
    shallow: false,
    history: 'push',
    startTransition,
  });
  const [range, setRange] = useState(params.range ?? (params.from || params.to ? CUSTOM : ''));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: string) => {
      const v = String(form.get(name) ?? '').trim();
      return v === '' ? null : v;
    };
    const preset = value('range');
    void setParams({
      q: value('q'),
      status: value('status'),
      wallet: value('wallet'),
      store: value('store'),
      range: preset === CUSTOM ? null : preset,
      from: preset === CUSTOM ? value('from') : null,
      to: preset === CUSTOM ? value('to') : null,
      min: value('min'),
      max: value('max'),
      cursor: null,
    });
  }

  function clear() {
    void setParams(null);
  }

  const field = filterFields('orders', params, fieldErrors);
  const anyLabel = t('filters.any');
  const statuses = ORDER_STATUSES.map((s) => ({ value: s, label: label.orderStatus(s) }));
  const wallets = WALLET_CODES.map((w) => ({ value: w, label: label.wallet(w) }));
  const storeOptions = [
    ...stores.map((s) => ({ value: s.id, label: s.name })),
    ...(showUnassigned ? [{ value: UNASSIGNED, label: t('filters.unassigned') }] : []),
  ];

  return (
    <search aria-label={t('filters.legend')}>
      <form onSubmit={submit} className="space-y-4">
        <div className="flex flex-wrap items-end gap-3">
          <div className="min-w-72 flex-1">
            <InputField
              {...field('q')}
              label={t('filters.q')}
              hint={t('filters.qHint')}
              type="search"
              placeholder={t('filters.qPlaceholder')}
              autoComplete="off"
              spellCheck={false}
              autoFocus
            />
          </div>
          <Button type="submit" disabled={isPending} data-primary-action="">
            {isPending ? t('filters.searching') : t('filters.search')}
          </Button>
          <Button type="button" variant="ghost" onClick={clear} disabled={isPending}>
            {t('filters.clear')}
          </Button>
        </div>

        <div className="grid grid-cols-2 gap-3 md:grid-cols-4 lg:grid-cols-8">
          <SelectField {...field('status')} label={t('filters.status')} emptyLabel={anyLabel} options={statuses} />
          <SelectField {...field('wallet')} label={t('filters.wallet')} emptyLabel={anyLabel} options={wallets} />
          <SelectField {...field('store')} label={t('filters.store')} emptyLabel={anyLabel} options={storeOptions} />
          <Field id="orders-range" label={t('filters.date')} error={field('range').error}>
            <Select id="orders-range" name="range" value={range} onChange={(e) => setRange(e.target.value)}>
              <option value="">{t('filters.anyTime')}</option>
              {DATE_PRESETS.map((p) => (
                <option key={p} value={p}>
                  {t(`presets.${p}`)}
                </option>
              ))}
              <option value={CUSTOM}>{t('filters.custom')}</option>
            </Select>
          </Field>
          {range === CUSTOM ? (
            <>
              <InputField {...field('from')} label={t('filters.from')} type="date" />
              <InputField {...field('to')} label={t('filters.to')} type="date" />
            </>
          ) : null}
          <InputField {...field('min')} label={t('filters.min')} inputMode="decimal" />
          <InputField {...field('max')} label={t('filters.max')} inputMode="decimal" />
        </div>
      </form>
    </search>
  );
}
