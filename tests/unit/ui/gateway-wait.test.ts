import { describe, expect, it } from 'vitest';
import { gatewayWait } from '@/components/ui/gateway-wait';

describe('the waiting-for-eftPay line (gatewayWait)', () => {
  it('shows nothing during the first second, when most answers arrive', () => {
    expect(gatewayWait(0)).toEqual({ shown: false, seconds: 0, reassure: false, announcedAt: null });
    expect(gatewayWait(0.99).shown).toBe(false);
  });

  it('shows the whole seconds waited from the first second on', () => {
    expect(gatewayWait(1)).toMatchObject({ shown: true, seconds: 1, reassure: false });
    expect(gatewayWait(4.7)).toMatchObject({ shown: true, seconds: 4 });
    expect(gatewayWait(9.99)).toMatchObject({ seconds: 9, reassure: false });
  });

  it('adds the reassurance from ten seconds on', () => {
    expect(gatewayWait(10)).toMatchObject({ seconds: 10, reassure: true });
    expect(gatewayWait(27)).toMatchObject({ seconds: 27, reassure: true });
  });

  it('changes what screen readers hear only at steps: the start, ten seconds, then every ten', () => {
    const steps = Array.from({ length: 36 }, (_, s) => gatewayWait(s).announcedAt);
    expect(steps.slice(0, 1)).toEqual([null]);
    expect(new Set(steps.slice(1, 10))).toEqual(new Set([0]));
    expect(new Set(steps.slice(10, 20))).toEqual(new Set([10]));
    expect(new Set(steps.slice(20, 30))).toEqual(new Set([20]));
    expect(new Set(steps.slice(30, 36))).toEqual(new Set([30]));
    // Five distinct announcements in 35 seconds, against 35 changes of the visible count.
    expect(new Set(steps).size).toBe(5);
  });

  it('reads a negative or unusable elapsed time as no wait at all', () => {
    expect(gatewayWait(-3)).toEqual(gatewayWait(0));
    expect(gatewayWait(Number.NaN)).toEqual(gatewayWait(0));
  });
});
