import { AsyncLocalStorage } from 'node:async_hooks';
import type { StaffActor } from '@/lib/auth/actor';
// The production module itself, by a path the seam plugin of vitest.config.ts does not replace.
import { getCurrentActor as actorFromSession } from '../../../lib/auth/current';

/**
 * Stands in for lib/auth/current.ts in the tests (vitest.config.ts): server actions, route
 * handlers and pages called inside `runAsActor` see that actor as the signed-in one (null: signed
 * out); outside it, the actor comes from the session as in production.
 */
const acting = new AsyncLocalStorage<StaffActor | null>();

export function runAsActor<T>(actor: StaffActor | null, fn: () => Promise<T>): Promise<T> {
  return acting.run(actor, fn);
}

export async function getCurrentActor(): Promise<StaffActor | null> {
  const actor = acting.getStore();
  return actor === undefined ? actorFromSession() : actor;
}
