'use client';

import dynamic from 'next/dynamic';
import { createContext, type ReactNode, useCallback, useContext, useRef, useState } from 'react';
import type { ActionResult } from '@/components/forms/action-result';
import type { StepUpMethod } from '@/lib/auth/schemas';
import { decodeMessage } from '@/lib/shared/messages';

type Method = StepUpMethod;

/** The dialog (a form: zod, react-hook-form, Radix) is loaded only when a proof is asked for. */
const StepUpDialog = dynamic(() => import('./step-up-dialog'), { ssr: false });

/**
 * Runs a protected action; if the server asks for a fresh proof of presence (`STEP_UP_REQUIRED`,
 * lib/auth/step-up.ts), asks the person for their code or password and, once it is accepted, runs
 * the same action again (same input, so a refund's idempotency key is kept). Cancelled: the first
 * answer is returned, and the form shows "Confirm it is you to continue".
 */
export type StepUpGuard = <R extends ActionResult<unknown>>(call: () => Promise<R>) => Promise<R>;

const StepUpContext = createContext<StepUpGuard | null>(null);

/** The guard of the console's step-up dialog (outside the console: the action runs as it is). */
export function useStepUp(): StepUpGuard {
  return useContext(StepUpContext) ?? ((call) => call());
}

function methodOf(result: ActionResult<unknown> | undefined): Method | null {
  if (result?.serverError?.code !== 'STEP_UP_REQUIRED') return null;
  return decodeMessage(result.serverError.message)?.key === 'errors.step_up.required_totp' ? 'totp' : 'password';
}

export function StepUpProvider({ children }: { children: ReactNode }) {
  const [asking, setAsking] = useState<Method | null>(null);
  const settle = useRef<((proven: boolean) => void) | null>(null);

  const ask = useCallback(
    (method: Method) =>
      new Promise<boolean>((resolve) => {
        settle.current = resolve;
        setAsking(method);
      }),
    [],
  );
  const finish = useCallback((proven: boolean) => {
    setAsking(null);
    settle.current?.(proven);
    settle.current = null;
  }, []);

  const guard = useCallback<StepUpGuard>(
    async (call) => {
      const first = await call();
      const method = methodOf(first);
      if (!method) return first;
      return (await ask(method)) ? call() : first;
    },
    [ask],
  );

  return (
    <StepUpContext.Provider value={guard}>
      {children}
      {asking ? <StepUpDialog method={asking} onDone={finish} /> : null}
    </StepUpContext.Provider>
  );
}
