import 'server-only';
import type { Db } from '@/db/connect';
import type { StaffActor } from '@/lib/auth/actor';
import { callLeaseMs } from '@/lib/jobs/lease';
import { parseInput } from '@/lib/validation';
import { askEftpayToClose } from './ask-eftpay';
import { claimForClose } from './claim';
import type { CloseOutcome } from './outcome';
import { renewCloseLease } from './pending';
import { closeMinAgeMinutes } from './policy';
import { recordCloseAnswer } from './record-answer';
import { CloseOrderInput } from './schemas';

/**
 * Closes one abandoned unpaid QR order (README "What staff can do": supervisors close abandoned orders).
 *
 * 1. Claim (short transaction): lock the order in the caller's stores, check it is unpaid, old
 *    enough and of a wallet with a Close service, and record the attempt with the reason.
 * 2. Ask eftPay, outside any transaction: Query, then Close if still unpaid (ask-eftpay.ts).
 * 3. Record the answer (one transaction): closed, paid after all, refused, or unknown — unknown
 *    stays unpaid with the close still pending and `next_check_at` soon: the reconciler then
 *    carries the close out itself (finish.ts) and its outcome joins the order's timeline.
 *
 * Running it again on a closed order is harmless: the claim refuses it, no gateway call is made.
 */
export async function closeOrder({
  ctx: { db, actor },
  input,
}: {
  ctx: { db: Db; actor: StaffActor };
  input: CloseOrderInput;
}): Promise<CloseOutcome> {
  const { orderId, reason } = parseInput(CloseOrderInput, input);

  const leaseMs = callLeaseMs();
  const claim = await claimForClose(db, actor, {
    orderId,
    reason,
    now: new Date(),
    minAgeMinutes: closeMinAgeMinutes(),
    leaseMs,
  });
  if (claim.kind === 'refused') return claim.outcome;

  const answer = await askEftpayToClose(db, claim.order, () =>
    renewCloseLease(db, claim.order.id, new Date(Date.now() + leaseMs)),
  );
  return db.transaction((tx) => recordCloseAnswer(tx, actor, claim.order, answer, reason));
}
