import { describe, expect, it } from 'vitest';
import { decideLiveSync, type RefundSnapshot, snapshotKey } from '@/components/refunds/live-sync';

const ID = '00000000-0000-4000-8000-000000000001';

/** A HKD 50.00 order before the refund exists, with HKD 20.00 processing, and once it succeeded. */
const before: RefundSnapshot = {
  orderStatus: 'paid',
  refundedCents: 0,
  inFlightCents: 0,
  refundableCents: 5_000,
  refunds: [],
};
const processing: RefundSnapshot = {
  orderStatus: 'paid',
  refundedCents: 0,
  inFlightCents: 2_000,
  refundableCents: 3_000,
  refunds: [{ id: ID, amountCents: 2_000, status: 'processing' }],
};
const succeeded: RefundSnapshot = {
  orderStatus: 'partly_refunded',
  refundedCents: 2_000,
  inFlightCents: 0,
  refundableCents: 3_000,
  refunds: [{ id: ID, amountCents: 2_000, status: 'succeeded' }],
};

/**
 * Plays the page: each step either delivers a poll answer or lands a page refresh (the page then
 * renders what the server holds at that moment). Returns the refreshes asked for and whether the
 * page still polls at the end.
 */
function play(
  start: { rendered: RefundSnapshot; submitted: boolean },
  steps: Array<['answer' | 'render', RefundSnapshot]>,
) {
  let rendered = start.rendered;
  let refreshedFor: number | undefined;
  let answer: RefundSnapshot | undefined;
  let token = 0;
  let refreshes = 0;
  let poll = decideLiveSync({ rendered, submitted: start.submitted }).poll;
  for (const [kind, snapshot] of steps) {
    if (kind === 'answer') {
      if (!poll) throw new Error('a poll answered after polling stopped');
      answer = snapshot;
      token += 1;
    } else rendered = snapshot;
    const d = decideLiveSync({ rendered, submitted: start.submitted, answer, answerToken: token, refreshedFor });
    if (d.refresh) {
      refreshes += 1;
      refreshedFor = token;
    }
    poll = d.poll;
  }
  return { refreshes, poll, rendered };
}

describe('decideLiveSync', () => {
  it('polls before any answer only when the page shows a refund in flight or one was just submitted', () => {
    expect(decideLiveSync({ rendered: before, submitted: false })).toEqual({ poll: false, refresh: false });
    expect(decideLiveSync({ rendered: processing, submitted: false }).poll).toBe(true);
    expect(decideLiveSync({ rendered: before, submitted: true }).poll).toBe(true);
  });

  it('notification before the first poll (first poll slow): the final answer refreshes the page, then polling stops', () => {
    // Submitted; the action's refresh rendered "processing"; eftPay settles; the slow first poll sees it.
    const run = play({ rendered: before, submitted: true }, [
      ['render', processing],
      ['answer', succeeded],
    ]);
    expect(run.refreshes).toBe(1);
    expect(run.poll).toBe(true); // the page does not show the answer yet
    const done = play({ rendered: before, submitted: true }, [
      ['render', processing],
      ['answer', succeeded],
      ['render', succeeded],
    ]);
    expect(done).toMatchObject({ refreshes: 1, poll: false, rendered: succeeded });
  });

  it('notification before the first poll on a page loaded with the refund in flight', () => {
    const run = play({ rendered: processing, submitted: false }, [
      ['answer', succeeded],
      ['render', succeeded],
    ]);
    expect(run).toMatchObject({ refreshes: 1, poll: false, rendered: succeeded });
  });

  it('first poll answer lands before the action refresh renders the refund: still converges', () => {
    const run = play({ rendered: before, submitted: true }, [
      ['answer', processing],
      ['render', processing],
      ['answer', succeeded],
      ['render', succeeded],
    ]);
    expect(run).toMatchObject({ poll: false, rendered: succeeded });
    expect(run.refreshes).toBeGreaterThanOrEqual(1);
  });

  it('notification during polling (after the first answer): refreshes once it is seen, then stops', () => {
    const run = play({ rendered: processing, submitted: true }, [
      ['answer', processing],
      ['answer', processing],
      ['answer', succeeded],
      ['render', succeeded],
    ]);
    expect(run).toMatchObject({ refreshes: 1, poll: false });
  });

  it('an answer equal to the rendered page asks for no refresh; polling goes on while in flight', () => {
    expect(decideLiveSync({ rendered: processing, submitted: false, answer: processing, answerToken: 1 })).toEqual({
      poll: true,
      refresh: false,
    });
    expect(decideLiveSync({ rendered: succeeded, submitted: true, answer: succeeded, answerToken: 1 })).toEqual({
      poll: false,
      refresh: false,
    });
  });

  it('page refresh landing after the next poll: that poll asks again, and the page still converges', () => {
    const run = play({ rendered: processing, submitted: false }, [
      ['answer', succeeded],
      ['answer', succeeded], // the refresh has not landed yet
      ['render', succeeded],
    ]);
    expect(run).toMatchObject({ refreshes: 2, poll: false, rendered: succeeded });
  });

  it('page refresh landing before the next poll, newer than the answer: polling goes on until they agree', () => {
    const run = play({ rendered: before, submitted: true }, [
      ['answer', processing],
      ['render', succeeded], // the refresh came back after eftPay settled
    ]);
    expect(run.poll).toBe(true);
    const done = play({ rendered: before, submitted: true }, [
      ['answer', processing],
      ['render', succeeded],
      ['answer', succeeded],
    ]);
    expect(done).toMatchObject({ refreshes: 1, poll: false });
  });

  it('one refresh per answer, not one per render', () => {
    const d = decideLiveSync({
      rendered: processing,
      submitted: false,
      answer: succeeded,
      answerToken: 7,
      refreshedFor: 7,
    });
    expect(d).toEqual({ poll: true, refresh: false });
  });

  it('an amount change alone counts as a difference, and refund order does not', () => {
    expect(snapshotKey({ ...succeeded, refundableCents: 2_000 })).not.toBe(snapshotKey(succeeded));
    const two: RefundSnapshot = {
      ...processing,
      refunds: [...processing.refunds, { id: `${ID.slice(0, -1)}2`, amountCents: 100, status: 'failed' }],
    };
    expect(snapshotKey({ ...two, refunds: [...two.refunds].reverse() })).toBe(snapshotKey(two));
  });

  it('a failed refund: the answer with nothing in flight refreshes the page and then stops', () => {
    const failed: RefundSnapshot = {
      ...before,
      refunds: [{ id: ID, amountCents: 2_000, status: 'failed' }],
    };
    const run = play({ rendered: processing, submitted: false }, [
      ['answer', failed],
      ['render', failed],
    ]);
    expect(run).toMatchObject({ refreshes: 1, poll: false });
  });
});
