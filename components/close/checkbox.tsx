'use client';

import * as CheckboxPrimitive from '@radix-ui/react-checkbox';
import { cn } from '@/components/ui/cn';

/** A Radix checkbox (role="checkbox", keyboard and indeterminate support) styled like our fields. */
export function Checkbox({
  checked,
  onCheckedChange,
  label,
  disabled,
}: {
  checked: boolean | 'indeterminate';
  onCheckedChange: (checked: boolean) => void;
  label: string;
  disabled?: boolean;
}) {
  return (
    <CheckboxPrimitive.Root
      checked={checked}
      onCheckedChange={(value) => onCheckedChange(value === true)}
      aria-label={label}
      disabled={disabled}
      className={cn(
        'flex h-4 w-4 items-center justify-center rounded border border-slate-400 bg-white',
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
}
