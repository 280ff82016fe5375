'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { cn } from './cn';
import { gatewayWait } from './gateway-wait';

/** What the call does, for the words that say why waiting is safe. */
export type GatewayWaitSubject = 'refund' | 'close' | 'query';

/**
 * While a call to eftPay is pending: after a second, "Waiting for eftPay… 4 s", counting; after
 * ten, why it is safe to wait. On a phone at the counter a disabled button alone looks like a hang.
 *
 * Screen readers get their own polite status (visually hidden) whose words change only at steps —
 * when the wait begins, at the reassurance, then every 10 s — while the visible, counting line is
 * hidden from them: a live region whose text changed every second would be read out every second.
 * The status is rendered from the start, empty, so it exists before its words change, which is
 * what makes screen readers announce the change. Rendered as siblings with no box of their own
 * until the line shows, so a flex column with a gap gains no space while nothing is waited for.
 */
export function WaitingForGateway({
  pending,
  subject,
  className,
}: {
  pending: boolean;
  subject: GatewayWaitSubject;
  /** For the visible line (alignment, width). */
  className?: string;
}) {
  const t = useTranslations('gateway.waiting');
  const wait = gatewayWait(usePendingSeconds(pending));
  const reassurance = t(`reassure.${subject}`);
  const announcement =
    wait.announcedAt === null
      ? ''
      : wait.announcedAt === 0
        ? t('began')
        : `${t('still', { seconds: wait.announcedAt })} ${reassurance}`;

  return (
    <>
      <p
        role="status"
        aria-live="polite"
        aria-atomic="true"
        className="sr-only"
        data-testid="waiting-for-gateway-status"
      >
        {announcement}
      </p>
      {wait.shown ? (
        <div
          aria-hidden="true"
          className={cn('space-y-1 text-sm text-slate-600', className)}
          data-testid="waiting-for-gateway"
          data-subject={subject}
          data-seconds={wait.seconds}
        >
          <p className="tabular-nums">{t('line', { seconds: wait.seconds })}</p>
          {wait.reassure ? <p className="font-medium text-slate-800">{reassurance}</p> : null}
        </div>
      ) : null}
    </>
  );
}

/** Whole seconds since `pending` became true (0 while it is false); re-renders once a second. */
function usePendingSeconds(pending: boolean): number {
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    if (!pending) return;
    const start = performance.now();
    // Checked four times a second so the count is never more than a quarter second late; React
    // skips the render when the whole second has not changed.
    const timer = setInterval(() => setSeconds(Math.floor((performance.now() - start) / 1000)), 250);
    return () => {
      clearInterval(timer);
      setSeconds(0);
    };
  }, [pending]);
  return pending ? seconds : 0;
}
