/**
 * What the "waiting for eftPay" line shows after a call has been pending a number of whole
 * seconds. Pure, so the thresholds are tested without a clock (tests/unit/ui/gateway-wait.test.ts).
 */

/** Most answers come back within a second: a line for those would only flicker. */
export const SHOW_AFTER_SECONDS = 1;
/** From here the line also says why it is safe to wait. */
export const REASSURE_AFTER_SECONDS = 10;
/** How often, after the reassurance, a screen reader hears that the wait goes on. */
export const ANNOUNCE_EVERY_SECONDS = 10;

export interface GatewayWait {
  /** The visible line is shown. */
  shown: boolean;
  /** Whole seconds waited so far, for the visible line. */
  seconds: number;
  /** The reassurance is shown. */
  reassure: boolean;
  /**
   * What the live region says, as a step that changes only at the thresholds: null (nothing yet),
   * 0 (the wait has begun), or the seconds at the latest ANNOUNCE_EVERY_SECONDS mark from the
   * reassurance on. The visible count changes every second; a screen reader hears only the steps.
   */
  announcedAt: number | null;
}

export function gatewayWait(elapsedSeconds: number): GatewayWait {
  const seconds = Number.isFinite(elapsedSeconds) ? Math.max(0, Math.floor(elapsedSeconds)) : 0;
  const shown = seconds >= SHOW_AFTER_SECONDS;
  const reassure = seconds >= REASSURE_AFTER_SECONDS;
  const announcedAt = !shown
    ? null
    : reassure
      ? REASSURE_AFTER_SECONDS +
        Math.floor((seconds - REASSURE_AFTER_SECONDS) / ANNOUNCE_EVERY_SECONDS) * ANNOUNCE_EVERY_SECONDS
      : 0;
  return { shown, seconds, reassure, announcedAt };
}
