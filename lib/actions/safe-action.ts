import 'server-only';
import { createSafeActionClient } from 'next-safe-action';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { recordAudit } from '@/lib/audit/record';
import { getCurrentActor } from '@/lib/auth/current';
import { CAPABILITIES, can } from '@/lib/auth/permissions';
import { AppError, ForbiddenError, toPublicError, UnauthenticatedError } from '@/lib/errors';
import { log } from '@/lib/log';
import { accountSetupStep, getAccountState } from '@/lib/staff/account-state';

/**
 * The one action client. Every server action goes through it, in this order:
 * signed in → capability (from the permission map) → zod input → store scope (in the verb).
 */
export const actionClient = createSafeActionClient({
  defineMetadataSchema: () => z.object({ name: z.string(), capability: z.enum(CAPABILITIES) }),
  defaultValidationErrorsShape: 'flattened',
  handleServerError(error, { metadata }) {
    if (!(error instanceof AppError)) log.error({ err: error, action: metadata?.name }, 'server action failed');
    return toPublicError(error);
  },
}).use(async ({ next, metadata }) => {
  const actor = await getCurrentActor();
  if (!actor) throw new UnauthenticatedError();
  const db = await getDb();
  if (!can(actor.role, metadata.capability)) {
    await db.transaction((tx) =>
      recordAudit(tx, actor, {
        action: 'access.denied',
        entityType: 'action',
        entityId: metadata.name,
        data: { capability: metadata.capability, role: actor.role },
      }),
    );
    throw new ForbiddenError();
  }
  // Until a staff member has chosen their own password (and enrolled in two-factor sign-in, when
  // required), only their own account's actions run — the pages send them there too.
  if (metadata.capability !== 'account.self' && accountSetupStep(await getAccountState(db, actor.staffId))) {
    throw new ForbiddenError('errors.setup_first');
  }
  return next({ ctx: { actor, db } });
});
