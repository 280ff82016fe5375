'use client';

import { useStepUp } from '@/components/auth/step-up';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { Notice } from '@/components/ui/card';
import { assignStaffStoresAction } from '@/lib/actions/staff';
import { useActionResult } from '@/components/forms/action-result';
import type { StoreOption } from './store-checkboxes';

export function StoresForm({
  staffId,
  stores,
  assigned,
  hint,
}: {
  staffId: string;
  stores: StoreOption[];
  assigned: string[];
  hint: string;
}) {
  const t = useTranslations('staff.detail');
  const readResult = useActionResult();
  const stepUp = useStepUp();
  const router = useRouter();
  const [selected, setSelected] = useState<string[]>(assigned);
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const unchanged = [...selected].sort().join() === [...assigned].sort().join();

  function toggle(id: string, on: boolean) {
    setSelected((current) => (on ? [...current, id] : current.filter((s) => s !== id)));
  }

  function save() {
    startTransition(async () => {
      const result = await stepUp(() => assignStaffStoresAction({ staffId, storeIds: selected }));
      const error = readResult(result).text;
      setMessage(error ? { tone: 'error', text: error } : { tone: 'success', text: t('saved') });
      if (!error) router.refresh();
    });
  }

  return (
    <div className="space-y-3">
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-700">{t('stores')}</legend>
        <div className="flex flex-wrap gap-x-6 gap-y-2">
          {stores.map((store) => (
            <label key={store.id} className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                className="h-4 w-4 accent-brand-600"
                checked={selected.includes(store.id)}
                onChange={(e) => toggle(store.id, e.target.checked)}
              />
              {store.name} <span className="text-slate-500">({store.code})</span>
            </label>
          ))}
        </div>
        <p className="text-xs text-slate-500">{hint}</p>
      </fieldset>
      <Button variant="secondary" onClick={save} disabled={pending || unchanged}>
        {t('storesSave')}
      </Button>
      {message ? (
        <Notice tone={message.tone} data-testid="stores-message">
          {message.text}
        </Notice>
      ) : null}
    </div>
  );
}
