import 'server-only';
import { createSafeActionClient } from 'next-safe-action';
import { z } from 'zod';
import { gateError, passGate } from '@/lib/auth/gate';
import { CAPABILITIES } from '@/lib/auth/permissions';
import { AppError, toPublicError } from '@/lib/errors';
import { log } from '@/lib/log';

/**
 * The one action client. Every server action goes through it, in this order: the gate (signed in
 * → capability from the permission map → account set up, lib/auth/gate.ts) → zod input → store
 * scope (in the verb). Errors reach the browser as `{ code, message, fieldErrors }` with messages
 * as catalogue keys (lib/shared/messages.ts), never as exception text.
 */
export const actionClient = createSafeActionClient({
  defineMetadataSchema: () => z.object({ name: z.string(), capability: z.enum(CAPABILITIES) }),
  defaultValidationErrorsShape: 'flattened',
  handleServerError(error, { metadata }) {
    if (!(error instanceof AppError)) log.error({ err: error, action: metadata?.name }, 'server action failed');
    return toPublicError(error);
  },
}).use(async ({ next, metadata }) => {
  const gate = await passGate({ capability: metadata.capability, target: { kind: 'action', name: metadata.name } });
  if (!gate.ok) throw gateError(gate);
  return next({ ctx: { actor: gate.actor, db: gate.db } });
});
