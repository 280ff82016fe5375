'use client';

import { useTranslations } from 'next-intl';
import { useQueryStates } from 'nuqs';
import { type FormEvent, useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Input, Select } from '@/components/ui/input';
import { SelectField } from '@/components/ui/select-field';
import { WALLET_CODES } from '@/lib/shared/wallets';
import type { FieldErrors } from '@/lib/errors';
import { DATE_PRESETS, ORDER_STATUSES, UNASSIGNED } from '@/lib/orders/filters';
import { orderSearchParsers } from '@/lib/orders/search-params';
import { labels } from '@/lib/i18n/labels';

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
  const [isPending, startTransition] = useTransition();
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

  const error = (name: string) => fieldErrors[name]?.[0];
  const invalid = (name: string) => (fieldErrors[name] ? true : undefined);

  return (
    <search aria-label={t('filters.legend')}>
      <form onSubmit={submit} className="space-y-4">
        <div className="flex flex-wrap items-end gap-3">
          <div className="min-w-72 flex-1">
            <Field id="orders-q" label={t('filters.q')} hint={t('filters.qHint')} error={error('q')}>
              <Input
                id="orders-q"
                name="q"
                type="search"
                defaultValue={params.q ?? ''}
                placeholder={t('filters.qPlaceholder')}
                autoComplete="off"
                spellCheck={false}
                aria-invalid={invalid('q')}
                autoFocus
              />
            </Field>
          </div>
          <Button type="submit" disabled={isPending}>
            {isPending ? t('filters.searching') : t('filters.search')}
          </Button>
          <Button type="button" variant="ghost" onClick={clear} disabled={isPending}>
            {t('filters.clear')}
          </Button>
        </div>

        <div className="grid grid-cols-2 gap-3 md:grid-cols-4 lg:grid-cols-8">
          <SelectField
            id="orders-status"
            name="status"
            label={t('filters.status')}
            defaultValue={params.status ?? ''}
            error={error('status')}
            emptyLabel={t('filters.any')}
            options={ORDER_STATUSES.map((s) => ({ value: s, label: label.orderStatus(s) }))}
          />
          <SelectField
            id="orders-wallet"
            name="wallet"
            label={t('filters.wallet')}
            defaultValue={params.wallet ?? ''}
            error={error('wallet')}
            emptyLabel={t('filters.any')}
            options={WALLET_CODES.map((w) => ({ value: w, label: label.wallet(w) }))}
          />
          <Field id="orders-store" label={t('filters.store')} error={error('store')}>
            <Select id="orders-store" name="store" defaultValue={params.store ?? ''} aria-invalid={invalid('store')}>
              <option value="">{t('filters.any')}</option>
              {stores.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
              {showUnassigned ? <option value={UNASSIGNED}>{t('filters.unassigned')}</option> : null}
            </Select>
          </Field>
          <Field id="orders-range" label={t('filters.date')} error={error('range')}>
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
              <Field id="orders-from" label={t('filters.from')} error={error('from')}>
                <Input
                  id="orders-from"
                  name="from"
                  type="date"
                  defaultValue={params.from ?? ''}
                  aria-invalid={invalid('from')}
                />
              </Field>
              <Field id="orders-to" label={t('filters.to')} error={error('to')}>
                <Input
                  id="orders-to"
                  name="to"
                  type="date"
                  defaultValue={params.to ?? ''}
                  aria-invalid={invalid('to')}
                />
              </Field>
            </>
          ) : null}
          <Field id="orders-min" label={t('filters.min')} error={error('min')}>
            <Input
              id="orders-min"
              name="min"
              inputMode="decimal"
              defaultValue={params.min ?? ''}
              aria-invalid={invalid('min')}
            />
          </Field>
          <Field id="orders-max" label={t('filters.max')} error={error('max')}>
            <Input
              id="orders-max"
              name="max"
              inputMode="decimal"
              defaultValue={params.max ?? ''}
              aria-invalid={invalid('max')}
            />
          </Field>
        </div>
      </form>
    </search>
  );
}
