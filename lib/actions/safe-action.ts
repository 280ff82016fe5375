import 'server-only';
import { createSafeActionClient } from 'next-safe-action';
import { z } from 'zod';
import { getDb } from '@/db/client';
import type { Db } from '@/db/connect';
import { isAuditableRefusal, recordActionRefusal } from '@/lib/audit/refusals';
import type { StaffActor } from '@/lib/auth/actor';
import { gateError, passGate } from '@/lib/auth/gate';
import { CAPABILITIES } from '@/lib/auth/permissions';
import { requireStepUp } from '@/lib/auth/step-up';
import { AppError, toPublicError } from '@/lib/errors';
import { log } from '@/lib/log';

/**
 * The one action client. Every server action goes through it, in this order: the gate (signed in
 * → capability from the permission map → account set up, lib/auth/gate.ts) → a fresh proof of
 * presence for the actions marked `stepUp` (lib/auth/step-up.ts) → zod input → store scope (in the
 * verb). Errors reach the browser as `{ code, message, fieldErrors }` with messages
 * as catalogue keys (lib/shared/messages.ts), never as exception text.
 *
 * A refusal is audited here, once for every action (docs/adr/0012): by the time an error reaches
 * this handler the verb's transaction has rolled back, so the row is written in its own.
 */
export const actionClient = createSafeActionClient({
  defineMetadataSchema: () =>
    z.object({
      name: z.string(),
      capability: z.enum(CAPABILITIES),
      /** Moves money or changes who may: needs a fresh proof of presence (lib/auth/step-up.ts). */
      stepUp: z.boolean().optional(),
    }),
  defaultValidationErrorsShape: 'flattened',
  async handleServerError(error, { metadata, ctx, clientInput }) {
    if (!(error instanceof AppError)) log.error({ err: error, action: metadata?.name }, 'server action failed');
    const { actor, db } = ctx as Partial<ActionCtx>;
    if (actor && db && metadata && isAuditableRefusal(error)) {
      await auditRefusal(db, actor, metadata.name, error, clientInput);
    }
    return toPublicError(error);
  },
}).use(async ({ next, metadata, clientInput }) => {
  const gate = await passGate({ capability: metadata.capability, target: { kind: 'action', name: metadata.name } });
  if (!gate.ok) {
    const error = gateError(gate);
    // A capability refusal is audited by the gate (`access.denied`); one made before the account
    // is set up is audited here, as every other refused action.
    if (gate.refusal === 'setup_required')
      await auditRefusal(await getDb(), gate.actor, metadata.name, error, clientInput);
    throw error;
  }
  if (metadata.stepUp) await requireStepUp(gate.db, gate.actor);
  return next({ ctx: { actor: gate.actor, db: gate.db } satisfies ActionCtx });
});

/**
 * The action client's validation errors with a nested field named by its path
 * (`roles.manager.perDay`, `stores.0.storeId`), as a form of nested fields names it: the default
 * flattened shape keeps top-level fields only, and drops a nested field's message.
 */
export async function validationErrorsByPath(
  errors: object,
): Promise<{ formErrors: string[]; fieldErrors: Record<string, string[]> }> {
  const shaped = { formErrors: [] as string[], fieldErrors: {} as Record<string, string[]> };
  const walk = (node: object, path: string) => {
    for (const [key, value] of Object.entries(node)) {
      if (key !== '_errors') {
        if (value && typeof value === 'object') walk(value, path ? `${path}.${key}` : key);
      } else if (Array.isArray(value) && value.length > 0) {
        if (path) shaped.fieldErrors[path] = value.map(String);
        else shaped.formErrors = value.map(String);
      }
    }
  };
  walk(errors, '');
  return shaped;
}

interface ActionCtx {
  actor: StaffActor;
  db: Db;
}

/** A refusal that cannot be audited still gets its answer; the failure to audit is logged. */
async function auditRefusal(db: Db, actor: StaffActor, action: string, error: AppError, input: unknown) {
  try {
    await recordActionRefusal(db, actor, { action, error, input });
  } catch (failure) {
    log.error({ err: failure, action }, 'refusal not audited');
  }
}
