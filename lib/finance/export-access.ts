import 'server-only';
import type { z } from 'zod';
import type { Db } from '@/db/connect';
import { recordAudit } from '@/lib/audit/record';
import type { StaffActor } from '@/lib/auth/actor';
import { gateError, passGate } from '@/lib/auth/gate';
import type { Capability } from '@/lib/auth/permissions';
import { ForbiddenError, toPublicError, ValidationError } from '@/lib/errors';
import { fieldErrorsOf } from '@/lib/validation';
import { searchParamsRecord } from './url-params';

/**
 * A GET export sends the session cookie even when another site links to it (SameSite=Lax lets
 * top-level navigations through), so a link elsewhere could make a signed-in person download, and
 * have audited in their name, an export they never asked for. Browsers say where a request started
 * (`Sec-Fetch-Site`): only this origin's own pages, or an address typed or bookmarked (`none`), may
 * start one. `same-site` is refused too: a sibling subdomain is another application. Current
 * browsers always send the header, so a forged navigation carries it; a request without it (an
 * older browser, a script holding the cookie) is let through.
 */
const SENDABLE_FETCH_SITES = new Set(['same-origin', 'none']);

const refuse = (status: number, error: Error) => Response.json(toPublicError(error), { status });

/**
 * The gate every export route passes, in this order: signed in (401) → capability from the one
 * permission map (403, audited as `access.denied`) → account set up (403) → not started from another
 * site (403, audited) → the query string parsed with the page's own zod schema (400 with field
 * errors). Either the caller and filter, or the refusal to send.
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
  const site = request.headers.get('sec-fetch-site');
  if (site !== null && !SENDABLE_FETCH_SITES.has(site)) {
    await db.transaction((tx) =>
      recordAudit(tx, actor, {
        action: 'access.denied',
        entityType: 'route',
        entityId: route,
        data: { capability, role: actor.role, reason: 'cross_site', secFetchSite: site },
      }),
    );
    return { ok: false, response: refuse(403, new ForbiddenError()) };
  }
  const parsed = schema.safeParse(searchParamsRecord(new URL(request.url).searchParams));
  if (!parsed.success) return { ok: false, response: refuse(400, new ValidationError(fieldErrorsOf(parsed.error))) };
  return { ok: true, db, actor, input: parsed.data };
}
