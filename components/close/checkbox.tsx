'use client';

import * as CheckboxPrimitive from '@radix-ui/react-checkbox';
import { cn } from '@/components/ui/cn';

/**
 * A Radix checkbox (role="checkbox", keyboard and indeterminate support) styled like our fields;
 * a larger box on touch-sized screens. `showLabel` prints its label beside it (tapping the words
 * ticks it too), else the label is its accessible name only.
 */
export function Checkbox({
  checked,
  onCheckedChange,
  label,
  disabled,
  showLabel = false,
}: {
  checked: boolean | 'indeterminate';
  onCheckedChange: (checked: boolean) => void;
  label: string;
  disabled?: boolean;
  showLabel?: boolean;
}) {
  const box = (
    <CheckboxPrimitive.Root
      checked={checked}
      onCheckedChange={(value) => onCheckedChange(value === true)}
      aria-label={showLabel ? undefined : label}
      disabled={disabled}
      className={cn(
        'flex h-6 w-6 shrink-0 items-center justify-center rounded border border-slate-400 bg-white lg:h-4 lg:w-4',
        'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600',
        'data-[state=checked]:border-brand-600 data-[state=checked]:bg-brand-600',
        'data-[state=indeterminate]:border-brand-600 data-[state=indeterminate]:bg-brand-600',
        'disabled:cursor-not-allowed disabled:opacity-50',
      )}
    >
      <CheckboxPrimitive.Indicator className="text-[10px] leading-none font-bold text-white">
        {checked === 'indeterminate' ? '–' : '✓'}
      </CheckboxPrimitive.Indicator>
    </CheckboxPrimitive.Root>
  );
  if (!showLabel) return box;
  return (
    <label className="flex min-h-8 cursor-pointer items-center gap-2 text-sm text-slate-700">
      {box}
      {label}
    </label>
  );
}
