import 'server-only';
import type { z } from 'zod';
import { getDb } from '@/db/client';
import type { Db } from '@/db/connect';
import { recordAudit } from '@/lib/audit/record';
import type { StaffActor } from '@/lib/auth/actor';
import { getCurrentActor } from '@/lib/auth/current';
import { type Capability, can } from '@/lib/auth/permissions';
import { ForbiddenError, toPublicError, UnauthenticatedError, ValidationError } from '@/lib/errors';
import { accountSetupStep, getAccountState } from '@/lib/staff/account-state';
import { fieldErrorsOf } from '@/lib/validation';
import { searchParamsRecord } from './url-params';

const refuse = (status: number, error: Error) => Response.json(toPublicError(error), { status });

/**
 * The gate every export route passes, in this order: signed in (401) → capability from the one
 * permission map (403, audited as `access.denied`) → account set up (403) → the query string parsed with the page's own
 * zod schema (400 with field errors). Either the caller and filter, or the refusal to send.
 */
export async function authorizeExport<S extends z.ZodType>(
  request: Request,
  { capability, route, schema }: { capability: Capability; route: string; schema: S },
): Promise<{ ok: true; db: Db; actor: StaffActor; input: z.output<S> } | { ok: false; response: Response }> {
  const actor = await getCurrentActor();
  if (!actor) return { ok: false, response: refuse(401, new UnauthenticatedError()) };
  const db = await getDb();
  if (!can(actor.role, capability)) {
    await recordAudit(db, actor, {
      action: 'access.denied',
      entityType: 'route',
      entityId: route,
      data: { capability, role: actor.role },
    });
    return { ok: false, response: refuse(403, new ForbiddenError()) };
  }
  // Like every action: until a forced password change or two-factor enrolment is done, nothing else.
  if (accountSetupStep(await getAccountState(db, actor.staffId))) {
    return { ok: false, response: refuse(403, new ForbiddenError('errors.setup_first')) };
  }
  const parsed = schema.safeParse(searchParamsRecord(new URL(request.url).searchParams));
  if (!parsed.success) return { ok: false, response: refuse(400, new ValidationError(fieldErrorsOf(parsed.error))) };
  return { ok: true, db, actor, input: parsed.data };
}
