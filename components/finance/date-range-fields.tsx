'use client';

import { type ReactNode, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { FINANCE_PRESETS, type FinancePreset } from '@/lib/shared/date-presets';

/**
 * From / To (Hong Kong days) with quick-range buttons that fill both, as the refund history and
 * the audit log filter by date. `between` renders after "To" (e.g. the refund history's
 * requested/completed toggle).
 */
export function DateRangeFields({
  idPrefix,
  initial,
  presets,
  labels,
  errors,
  between,
}: {
  idPrefix: string;
  initial: { from?: string; to?: string };
  presets: Record<FinancePreset, { from: string; to: string }>;
  labels: { from: string; to: string; presets: string; preset: (preset: FinancePreset) => string };
  errors: { from?: string; to?: string };
  between?: ReactNode;
}) {
  const [from, setFrom] = useState(initial.from ?? '');
  const [to, setTo] = useState(initial.to ?? '');
  return (
    <>
      <Field id={`${idPrefix}-from`} label={labels.from} error={errors.from}>
        <Input
          id={`${idPrefix}-from`}
          name="from"
          type="date"
          value={from}
          onChange={(e) => setFrom(e.target.value)}
          aria-invalid={errors.from ? true : undefined}
        />
      </Field>
      <Field id={`${idPrefix}-to`} label={labels.to} error={errors.to}>
        <Input
          id={`${idPrefix}-to`}
          name="to"
          type="date"
          value={to}
          onChange={(e) => setTo(e.target.value)}
          aria-invalid={errors.to ? true : undefined}
        />
      </Field>
      {between}
      <div className="space-y-1">
        <p className="text-sm font-medium text-slate-700">{labels.presets}</p>
        <div className="flex flex-wrap gap-1">
          {FINANCE_PRESETS.map((preset) => (
            <Button
              key={preset}
              type="button"
              variant="secondary"
              size="sm"
              aria-pressed={from === presets[preset].from && to === presets[preset].to}
              onClick={() => {
                setFrom(presets[preset].from);
                setTo(presets[preset].to);
              }}
            >
              {labels.preset(preset)}
            </Button>
          ))}
        </div>
      </div>
    </>
  );
}
