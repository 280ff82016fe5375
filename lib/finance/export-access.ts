import 'server-only';
import type { z } from 'zod';
import type { Db } from '@/db/connect';
import type { StaffActor } from '@/lib/auth/actor';
import { gateError, passGate } from '@/lib/auth/gate';
import type { Capability } from '@/lib/auth/permissions';
import { toPublicError, ValidationError } from '@/lib/errors';
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
  const gate = await passGate({ capability, target: { kind: 'route', name: route } });
  if (!gate.ok) {
    const error = gateError(gate);
    return { ok: false, response: refuse(gate.refusal === 'unauthenticated' ? 401 : 403, error) };
  }
  const { db, actor } = gate;
  const parsed = schema.safeParse(searchParamsRecord(new URL(request.url).searchParams));
  if (!parsed.success) return { ok: false, response: refuse(400, new ValidationError(fieldErrorsOf(parsed.error))) };
  return { ok: true, db, actor, input: parsed.data };
}
