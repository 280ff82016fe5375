import 'server-only';
import { headers } from 'next/headers';
import { notFound, redirect } from 'next/navigation';
import type { StaffActor } from './actor';
import { getCurrentActor } from './current';
import { type Capability, can } from './permissions';

/** For console pages: the signed-in actor, or a redirect to sign-in that comes back here. */
export async function requireActor(): Promise<StaffActor> {
  const actor = await getCurrentActor();
  if (actor) return actor;
  const path = (await headers()).get('x-pathname') ?? '/orders';
  redirect(`/login?callbackUrl=${encodeURIComponent(path)}`);
}

/**
 * For pages behind a capability. A page the role may not use answers 404, like a record outside
 * the caller's stores: nothing confirms that it exists.
 */
export async function requireCapability(capability: Capability): Promise<StaffActor> {
  const actor = await requireActor();
  if (!can(actor.role, capability)) notFound();
  return actor;
}
