import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import { headers } from 'next/headers';
import { getServerSession } from 'next-auth';
import { cache } from 'react';
import { getDb } from '@/db/client';
import { env } from '@/lib/env';
import type { StaffActor } from './actor';
import { getAuthOptions } from './options';
import { clientIp } from './request-info';
import { loadStaffActor } from './session';

const actorOverride = new AsyncLocalStorage<StaffActor | null>();

/**
 * Runs `fn` as if `actor` had signed in — the way tests call server actions without a browser.
 * Outside such a call, the actor comes from the next-auth session cookie.
 */
export function runAsActor<T>(actor: StaffActor | null, fn: () => Promise<T>): Promise<T> {
  return actorOverride.run(actor, fn);
}

/** The signed-in staff member for this request, or null. Read fresh from the database. */
export const getCurrentActor = cache(async (): Promise<StaffActor | null> => {
  const store = actorOverride.getStore();
  if (store !== undefined) return store;
  const session = (await getServerSession(getAuthOptions())) as { sid?: string } | null;
  if (!session?.sid) return null;
  const h = await headers();
  return loadStaffActor(await getDb(), session.sid, {
    idleMinutes: env().SESSION_IDLE_MINUTES,
    ip: clientIp(h),
    userAgent: h.get('user-agent'),
  });
});
