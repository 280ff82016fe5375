'use client';

import { useStepUp } from '@/components/auth/step-up';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { Notice } from '@/components/ui/card';
import { Select } from '@/components/ui/input';
import { changeStaffRoleAction } from '@/lib/actions/staff';
import { ROLES, type Role } from '@/lib/auth/permissions';
import { useActionResult } from '@/components/forms/action-result';

export function RoleForm({ staffId, role }: { staffId: string; role: Role }) {
  const t = useTranslations('staff.detail');
  const tr = useTranslations('nav.roles');
  const readResult = useActionResult();
  const stepUp = useStepUp();
  const router = useRouter();
  const [value, setValue] = useState<Role>(role);
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const [pending, startTransition] = useTransition();

  function save() {
    startTransition(async () => {
      const result = await stepUp(() => changeStaffRoleAction({ staffId, role: value }));
      const error = readResult(result).text;
      setMessage(error ? { tone: 'error', text: error } : { tone: 'success', text: t('saved') });
      if (!error) router.refresh();
    });
  }

  return (
    <div className="space-y-3">
      <div className="flex items-end gap-3">
        <div className="w-56 space-y-1">
          <label htmlFor="role" className="block text-sm font-medium text-slate-700">
            {t('role')}
          </label>
          <Select id="role" value={value} onChange={(e) => setValue(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {tr(r)}
              </option>
            ))}
          </Select>
        </div>
        <Button variant="secondary" onClick={save} disabled={pending || value === role} data-primary-action="">
          {t('roleSave')}
        </Button>
      </div>
      {message ? (
        <Notice tone={message.tone} data-testid="role-message">
          {message.text}
        </Notice>
      ) : null}
    </div>
  );
}
