'use client';

import { useEffect, useRef, useState } from 'react';
import { cn } from './cn';

/** How long "Copied" stays on the button. */
const CONFIRM_MS = 2_000;

/**
 * Copies `text` to the clipboard. The visible word (`copy`) is part of the accessible name
 * (`label`, e.g. "Copy refund number"), and the outcome is shown on the button and announced.
 * The clipboard exists only on secure pages (https or localhost): elsewhere it says it failed.
 */
export function CopyButton({
  text,
  label,
  copy,
  copied,
  failed,
  className,
}: {
  text: string;
  label: string;
  copy: string;
  copied: string;
  failed: string;
  className?: string;
}) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  async function onClick() {
    clearTimeout(timer.current);
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
    timer.current = setTimeout(() => setState('idle'), CONFIRM_MS);
  }

  const shown = state === 'copied' ? copied : state === 'failed' ? failed : copy;
  return (
    <>
      <button
        type="button"
        aria-label={label}
        onClick={onClick}
        data-state={state}
        className={cn(
          'inline-flex h-8 min-w-16 items-center justify-center rounded-md border border-slate-300 bg-white px-2 text-xs font-medium text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600',
          state === 'copied' && 'border-emerald-300 bg-emerald-50 text-emerald-800',
          state === 'failed' && 'border-red-300 bg-red-50 text-red-800',
          className,
        )}
      >
        {shown}
      </button>
      <span role="status" aria-live="polite" className="sr-only">
        {state === 'idle' ? '' : shown}
      </span>
    </>
  );
}
