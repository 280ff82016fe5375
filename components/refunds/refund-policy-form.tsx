'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { useStepUp } from '@/components/auth/step-up';
import { useActionResult } from '@/components/forms/action-result';
import { Button } from '@/components/ui/button';
import { Card, Notice } from '@/components/ui/card';
import { LangText } from '@/components/ui/lang-text';
import { setRefundPolicyAction } from '@/lib/actions/refunds';
import { messageText } from '@/lib/i18n/message-text';
import {
  EXPIRY_MINUTES_MAX,
  EXPIRY_MINUTES_MIN,
  POLICY_ROLES,
  RefundPolicyForm as PolicySchema,
  type RefundPolicyFormInput,
  STEP_UP_MINUTES_MAX,
} from '@/lib/refunds/policy-schemas';
import { PolicyInput, type PolicyPath } from './refund-policy-fields';
import { type PolicyStaffOption, RefundPolicyStaff } from './refund-policy-staff';

export type { PolicyStaffOption };

export interface PolicyStoreOption {
  id: string;
  code: string;
  name: string;
}

type Parsed = z.output<typeof PolicySchema>;

/**
 * The refund policy (docs/adr/0014), validated in the browser with the action's own schema. The
 * server checks again (and that every store and person named exists); its field errors, keyed by
 * the same dotted paths, land on the same fields, and anything no field shows is listed above the
 * save button. Saving may first ask the administrator to confirm it is them.
 */
export function RefundPolicyForm({
  defaults,
  stores,
  staff,
}: {
  defaults: RefundPolicyFormInput;
  stores: readonly PolicyStoreOption[];
  staff: readonly PolicyStaffOption[];
}) {
  const t = useTranslations('refunds.policy');
  const tRole = useTranslations('nav.roles');
  const tRoot = useTranslations();
  const locale = useLocale();
  const router = useRouter();
  const stepUp = useStepUp();
  const readResult = useActionResult();
  const [saved, setSaved] = useState<'saved' | 'unchanged' | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const form = useForm<RefundPolicyFormInput, unknown, Parsed>({
    resolver: zodResolver(PolicySchema),
    defaultValues: defaults,
  });
  // Read here so that every field below re-renders with its error.
  const { errors, isSubmitting } = form.formState;
  const storeIndex = new Map(defaults.stores.map((row, index) => [row.storeId, index]));

  async function onSubmit(values: Parsed) {
    setSaved(null);
    setProblems([]);
    const read = readResult(await stepUp(() => setRefundPolicyAction(values)).catch(() => undefined));
    if (read.ok) {
      setSaved(read.data.changed ? 'saved' : 'unchanged');
      form.reset(values);
      router.refresh();
      return;
    }
    const unplaced: string[] = [];
    for (const [path, messages] of Object.entries(read.fieldErrors)) {
      const message = messages[0];
      if (!message) continue;
      if (isFieldPath(path, form.getValues())) form.setError(path as PolicyPath, { message });
      else unplaced.push(message);
    }
    if (Object.keys(read.fieldErrors).length === 0) unplaced.push(read.message ?? '');
    setProblems(unplaced.map((m) => messageText(tRoot, m, locale)));
  }

  return (
    <form
      onSubmit={form.handleSubmit(onSubmit, () => setSaved(null))}
      noValidate
      className="space-y-5"
      data-testid="refund-policy-form"
      aria-busy={isSubmitting}
    >
      <Card className="space-y-4">
        <h2 className="font-semibold">{t('thresholdSection')}</h2>
        <div className="max-w-sm">
          <PolicyInput
            form={form}
            name="approvalThreshold"
            id="policy-threshold"
            label={t('threshold')}
            hint={t('thresholdHint')}
            inputMode="decimal"
            testId="policy-threshold"
          />
        </div>
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-slate-700">{t('storesLegend')}</legend>
          <p className="text-xs text-slate-500">{t('storesHint')}</p>
          {stores.length === 0 ? <p className="text-sm text-slate-600">{t('noStores')}</p> : null}
          <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
            {stores.map((store) => {
              const index = storeIndex.get(store.id);
              if (index === undefined) return null;
              return (
                <PolicyInput
                  key={store.id}
                  form={form}
                  name={`stores.${index}.approvalThreshold`}
                  also={`stores.${index}.storeId`}
                  id={`policy-store-${store.id}`}
                  label={
                    <>
                      <LangText>{store.name}</LangText> <span className="text-slate-500">({store.code})</span>
                    </>
                  }
                  inputMode="decimal"
                  testId={`policy-store-${store.id}`}
                />
              );
            })}
          </div>
        </fieldset>
      </Card>

      <Card className="space-y-4">
        <div>
          <h2 className="font-semibold">{t('limitsSection')}</h2>
          <p className="text-sm text-slate-600">{t('limitsHint')}</p>
        </div>
        <div className="grid gap-4 lg:grid-cols-3">
          {POLICY_ROLES.map((role) => (
            <fieldset key={role} className="space-y-3 rounded-md border border-slate-200 p-3">
              <legend className="px-1 text-sm font-semibold text-slate-800">{tRole(role)}</legend>
              <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-1 xl:grid-cols-2">
                <PolicyInput
                  form={form}
                  name={`roles.${role}.perRefund`}
                  id={`policy-role-${role}-per-refund`}
                  label={t('perRefund')}
                  inputMode="decimal"
                  testId={`policy-role-${role}-per-refund`}
                />
                <PolicyInput
                  form={form}
                  name={`roles.${role}.perDay`}
                  id={`policy-role-${role}-per-day`}
                  label={t('perDay')}
                  inputMode="decimal"
                  testId={`policy-role-${role}-per-day`}
                />
              </div>
            </fieldset>
          ))}
        </div>
      </Card>

      <Card>
        <RefundPolicyStaff form={form} staff={staff} />
      </Card>

      <Card className="space-y-4">
        <h2 className="font-semibold">{t('stepUpSection')}</h2>
        <div className="grid max-w-2xl gap-4 sm:grid-cols-2">
          <PolicyInput
            form={form}
            name="stepUpMinutes"
            id="policy-step-up-minutes"
            label={t('stepUpMinutes')}
            hint={t('stepUpHint', { max: STEP_UP_MINUTES_MAX })}
            inputMode="numeric"
            testId="policy-step-up-minutes"
          />
          <PolicyInput
            form={form}
            name="expiryMinutes"
            id="policy-expiry-minutes"
            label={t('expiryMinutes')}
            hint={t('expiryHint', { min: EXPIRY_MINUTES_MIN, max: EXPIRY_MINUTES_MAX })}
            inputMode="numeric"
            testId="policy-expiry-minutes"
          />
        </div>
      </Card>

      <div className="space-y-3">
        {Object.keys(errors).length > 0 && problems.length === 0 ? (
          <Notice tone="error">{t('fixFields')}</Notice>
        ) : null}
        {problems.length > 0 ? (
          <Notice tone="error" data-testid="policy-problems">
            <ul className="space-y-1">
              {problems.map((text) => (
                <li key={text}>{text}</li>
              ))}
            </ul>
          </Notice>
        ) : null}
        {saved ? (
          <Notice tone="success" data-testid="policy-saved">
            {saved === 'saved' ? t('saved') : t('unchanged')}
          </Notice>
        ) : null}
        <Button type="submit" disabled={isSubmitting} data-testid="policy-save" data-primary-action="">
          {isSubmitting ? t('saving') : t('save')}
        </Button>
      </div>
    </form>
  );
}

/** A server error's key names a field this form shows (a row index within the rows there are). */
function isFieldPath(path: string, values: RefundPolicyFormInput): boolean {
  if (['approvalThreshold', 'stepUpMinutes', 'expiryMinutes', 'staff'].includes(path)) return true;
  const row = /^(stores|staff)\.(\d+)\.(storeId|approvalThreshold|staffId|perRefund|perDay)$/.exec(path);
  if (row) return Number(row[2]) < (row[1] === 'stores' ? values.stores : values.staff).length;
  return /^roles\.(manager|supervisor|admin)\.(perRefund|perDay)$/.test(path);
}
