'use client';

import { useStepUp } from '@/components/auth/step-up';
import { useTranslations } from 'next-intl';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { Notice } from '@/components/ui/card';
import { setRequireTotpAction } from '@/lib/actions/staff';
import { useActionResult } from '@/components/forms/action-result';

/** The admin's "require two-factor sign-in for everyone" switch. */
export function RequireTotpForm({ required }: { required: boolean }) {
  const t = useTranslations('staff.requireTotp');
  const readResult = useActionResult();
  const stepUp = useStepUp();
  const [checked, setChecked] = useState(required);
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const [pending, startTransition] = useTransition();

  function save() {
    startTransition(async () => {
      const result = await stepUp(() => setRequireTotpAction({ required: checked }));
      const error = readResult(result).text;
      setMessage(error ? { tone: 'error', text: error } : { tone: 'success', text: t('saved') });
    });
  }

  return (
    <div className="space-y-3">
      <label className="flex items-center gap-2 text-sm font-medium">
        <input
          type="checkbox"
          className="h-4 w-4 accent-brand-600"
          checked={checked}
          onChange={(e) => setChecked(e.target.checked)}
        />
        {t('label')}
      </label>
      <p className="text-xs text-slate-500">{t('hint')}</p>
      <div className="flex items-center gap-3">
        <Button size="sm" variant="secondary" onClick={save} disabled={pending || checked === required}>
          {t('save')}
        </Button>
        {message ? <Notice tone={message.tone}>{message.text}</Notice> : null}
      </div>
    </div>
  );
}
