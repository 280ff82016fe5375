'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { Notice } from '@/components/ui/card';
import { Select } from '@/components/ui/input';
import { mapTerminalAction } from '@/lib/actions/stores';
import { useActionResult } from '@/components/forms/action-result';
import type { StoreOption } from './store-checkboxes';

/**
 * The terminals no store owns, each with a "map to store" control. The outcome of a mapping is
 * shown above the list: the mapped terminal itself leaves the list when the page refreshes.
 */
export function UnassignedTerminals({
  terminals,
  stores,
}: {
  terminals: Array<{ tid: string; orders: number }>;
  stores: StoreOption[];
}) {
  const t = useTranslations('staff.stores');
  const [outcome, setOutcome] = useState<string | null>(null);
  return (
    <div className="space-y-3">
      {outcome ? (
        <Notice tone="success" data-testid="map-outcome">
          {outcome}
        </Notice>
      ) : null}
      {terminals.length === 0 ? (
        <p className="text-sm text-slate-500">{t('noneUnassigned')}</p>
      ) : (
        <ul className="divide-y divide-slate-100">
          {terminals.map((terminal) => (
            <li
              key={terminal.tid}
              className="flex flex-wrap items-center justify-between gap-3 py-3"
              data-tid={terminal.tid}
            >
              <span>
                <span className="font-mono font-medium">{terminal.tid}</span>{' '}
                <span className="text-sm text-slate-500">{t('orders', { count: terminal.orders })}</span>
              </span>
              <MapTerminalForm
                tid={terminal.tid}
                stores={stores}
                onMapped={(count) => setOutcome(t('mapped', { tid: terminal.tid, count }))}
              />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function MapTerminalForm({
  tid,
  stores,
  onMapped,
}: {
  tid: string;
  stores: StoreOption[];
  onMapped: (ordersAssigned: number) => void;
}) {
  const t = useTranslations('staff.stores');
  const tc = useTranslations('common');
  const readResult = useActionResult();
  const router = useRouter();
  const [storeId, setStoreId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const selectId = `store-for-${tid}`;

  function map() {
    setError(null);
    startTransition(async () => {
      const result = await mapTerminalAction({ tid, storeId });
      const message = readResult(result).text;
      if (message || !result?.data) {
        setError(message ?? tc('error'));
        return;
      }
      onMapped(result.data.ordersAssigned);
      router.refresh();
    });
  }

  return (
    <div className="flex flex-wrap items-center gap-3">
      <label htmlFor={selectId} className="sr-only">
        {t('store')}
      </label>
      <Select id={selectId} className="w-56" value={storeId} onChange={(e) => setStoreId(e.target.value)}>
        <option value="">{t('choose')}</option>
        {stores.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name} ({s.code})
          </option>
        ))}
      </Select>
      <Button size="sm" variant="secondary" onClick={map} disabled={pending || !storeId} data-primary-action="">
        {t('map')}
      </Button>
      {error ? <Notice tone="error">{error}</Notice> : null}
    </div>
  );
}
