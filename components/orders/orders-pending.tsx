'use client';

import { createContext, type ReactNode, type TransitionStartFunction, use, useTransition } from 'react';

type SearchTransition = [isPending: boolean, startTransition: TransitionStartFunction];

const SearchTransitionContext = createContext<SearchTransition | null>(null);

/**
 * One transition shared by the orders filters and the results below them, so that while a new
 * search is on its way the old results are dimmed and cannot be clicked.
 */
export function OrdersSearchPending({ children }: { children: ReactNode }) {
  const transition = useTransition();
  return <SearchTransitionContext value={transition}>{children}</SearchTransitionContext>;
}

/** The shared search transition (a transition of its own outside `OrdersSearchPending`). */
export function useOrdersSearchTransition(): SearchTransition {
  const own = useTransition();
  return use(SearchTransitionContext) ?? own;
}

/** The results region: busy and inert while a search is pending. */
export function OrdersResultsRegion({ children }: { children: ReactNode }) {
  const [isPending] = useOrdersSearchTransition();
  return (
    <div
      data-testid="orders-results"
      aria-busy={isPending}
      inert={isPending}
      className={isPending ? 'opacity-50 transition-opacity' : undefined}
    >
      {children}
    </div>
  );
}
