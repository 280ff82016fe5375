'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { Notice } from '@/components/ui/card';
import { Select } from '@/components/ui/input';
import { mapTerminalAction } from '@/lib/actions/stores';
import { showActionErrors } from './action-errors';
import type { StoreOption } from './store-checkboxes';

/** One unassigned terminal: choose its store and map it (its orders move with it). */
export function MapTerminalForm({ tid, stores }: { tid: string; stores: StoreOption[] }) {
  const t = useTranslations('staff.stores');
  const tc = useTranslations('common');
  const router = useRouter();
  const [storeId, setStoreId] = useState('');
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const selectId = `store-for-${tid}`;

  function map() {
    startTransition(async () => {
      const result = await mapTerminalAction({ tid, storeId });
      const error = showActionErrors(null, result, tc('error'));
      if (error || !result?.data) {
        setMessage({ tone: 'error', text: error ?? tc('error') });
        return;
      }
      setMessage({ tone: 'success', text: t('mapped', { count: result.data.ordersAssigned }) });
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
      <Button size="sm" variant="secondary" onClick={map} disabled={pending || !storeId}>
        {t('map')}
      </Button>
      {message ? <Notice tone={message.tone}>{message.text}</Notice> : null}
    </div>
  );
}
