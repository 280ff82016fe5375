'use client';

import { usePathname } from 'next/navigation';
import { type ReactNode, useEffect, useState } from 'react';
import { cn } from '@/components/ui/cn';

/**
 * The header's navigation and account links: always shown on a desktop; on a phone or tablet
 * (below 64rem) folded behind a "Menu" button, and folded again once a link has been followed.
 */
export function NavMenu({
  menuLabel,
  closeLabel,
  children,
}: {
  menuLabel: string;
  closeLabel: string;
  children: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  // Until the page is hydrated a tap would be lost: the button says so by being disabled (and a
  // test's click waits for it), rather than seeming not to work.
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  const pathname = usePathname();
  // A link followed (a new path) folds the menu away.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the path is the trigger, not a value read
  useEffect(() => setOpen(false), [pathname]);
  return (
    <>
      <button
        type="button"
        className="ml-auto inline-flex min-h-10 items-center gap-2 rounded-md border border-slate-300 px-3 text-sm font-medium text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-brand-600 lg:hidden"
        aria-expanded={open}
        aria-controls="console-menu"
        disabled={!ready}
        onClick={() => setOpen((value) => !value)}
      >
        <span aria-hidden="true">{open ? '✕' : '☰'}</span>
        {open ? closeLabel : menuLabel}
      </button>
      <div
        id="console-menu"
        data-testid="console-menu"
        className={cn(
          open ? 'flex' : 'hidden',
          'w-full flex-col gap-3 pb-2 lg:flex lg:w-auto lg:flex-1 lg:flex-row lg:flex-wrap lg:items-center lg:gap-x-6 lg:pb-0',
        )}
      >
        {children}
      </div>
    </>
  );
}
