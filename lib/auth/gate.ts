import 'server-only';
import { getDb } from '@/db/client';
import type { Db } from '@/db/connect';
import { recordAudit } from '@/lib/audit/record';
import { recordReadRefusal } from '@/lib/audit/refusals';
import { type AppError, ForbiddenError, UnauthenticatedError } from '@/lib/errors';
import { type AccountSetupStep, accountSetupStep, getAccountState } from '@/lib/staff/account-state';
import type { StaffActor } from './actor';
import { getCurrentActor } from './current';
import { type Capability, can } from './permissions';

export type GateResult =
  | { ok: true; actor: StaffActor; db: Db }
  | { ok: false; refusal: 'unauthenticated' }
  | { ok: false; refusal: 'forbidden'; actor: StaffActor }
  | { ok: false; refusal: 'setup_required'; actor: StaffActor; step: AccountSetupStep };

/**
 * The one gate in front of every action, route and console page, in this order: signed in →
 * the capability, from the one permission map (a refusal is audited as `access.denied`, naming
 * what was asked for) → the account set up (a forced password change or a required two-factor
 * enrolment comes first; `account.self` is what a person may still do meanwhile). Each edge turns a
 * refusal into its own answer: an action's typed error, a route's status, a page's redirect or 404.
 */
export async function passGate({
  capability,
  target,
}: {
  capability: Capability;
  /** What was asked for, for the audit row of a refusal: `{ kind: 'action', name: 'createRefundAction' }`. */
  target: { kind: 'action' | 'route' | 'page'; name: string };
}): Promise<GateResult> {
  const actor = await getCurrentActor();
  if (!actor) return { ok: false, refusal: 'unauthenticated' };
  const db = await getDb();
  if (!can(actor.role, capability)) {
    const entry = {
      action: 'access.denied' as const,
      entityType: target.kind,
      entityId: target.name,
      data: { capability, role: actor.role },
    };
    // Every refused action is recorded; a refused page or read at most once a minute per path
    // (docs/adr/0012), so reloading it cannot fill the log.
    if (target.kind === 'action') await db.transaction((tx) => recordAudit(tx, actor, entry));
    else await recordReadRefusal(db, actor, entry);
    return { ok: false, refusal: 'forbidden', actor };
  }
  if (capability !== 'account.self') {
    const step = accountSetupStep(await getAccountState(db, actor.staffId));
    if (step) return { ok: false, refusal: 'setup_required', actor, step };
  }
  return { ok: true, actor, db };
}

/** A refusal as the typed error actions and routes answer with. */
export function gateError(result: Exclude<GateResult, { ok: true }>): AppError {
  if (result.refusal === 'unauthenticated') return new UnauthenticatedError();
  if (result.refusal === 'forbidden') return new ForbiddenError();
  return new ForbiddenError('errors.setup_first');
}
