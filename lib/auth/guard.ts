import 'server-only';
import { headers } from 'next/headers';
import { notFound, redirect } from 'next/navigation';
import { cache } from 'react';
import { getDb } from '@/db/client';
import { ACCOUNT_SETUP_PATHS } from '@/lib/pages/account-setup';
import { type AccountState, accountSetupStep, getAccountState } from '@/lib/staff/account-state';
import type { StaffActor } from './actor';
import { getCurrentActor } from './current';
import { passGate } from './gate';
import type { Capability } from './permissions';

/**
 * For console pages: the signed-in actor, or a redirect to sign-in that comes back here. A staff
 * member who must first choose their own password, or enrol in two-factor sign-in while it is
 * required, is taken there from every other page (the action client refuses their other actions).
 */
export async function requireActor(): Promise<StaffActor> {
  const actor = await requireSignedIn();
  const setup = accountSetupStep(await accountStateOf(actor.staffId));
  if (setup) redirect(ACCOUNT_SETUP_PATHS[setup]);
  return actor;
}

/** For the account pages (app/account, outside the console layout): signed in is enough. */
export async function requireSignedIn(): Promise<StaffActor> {
  const actor = await getCurrentActor();
  if (actor) return actor;
  redirect(`/login?callbackUrl=${encodeURIComponent((await currentPath()) ?? '/orders')}`);
}

/**
 * For pages behind a capability, through the one gate (lib/auth/gate.ts). A page the role may not
 * use answers 404, like a record outside the caller's stores: nothing confirms that it exists; the
 * refusal is audited like any other.
 */
export async function requireCapability(capability: Capability): Promise<StaffActor> {
  const path = await currentPath();
  const gate = await passGate({ capability, target: { kind: 'page', name: path ?? `page needing ${capability}` } });
  if (gate.ok) return gate.actor;
  if (gate.refusal === 'unauthenticated') redirect(`/login?callbackUrl=${encodeURIComponent(path ?? '/orders')}`);
  if (gate.refusal === 'setup_required') redirect(ACCOUNT_SETUP_PATHS[gate.step]);
  notFound();
}

/** Read once per request, however many layouts and pages ask. */
export const accountStateOf = cache(async (staffId: string): Promise<AccountState> => {
  return getAccountState(await getDb(), staffId);
});

/** The requested path, as the proxy hands it over (server components cannot read it otherwise). */
export async function currentPath(): Promise<string | null> {
  try {
    return (await headers()).get('x-pathname');
  } catch {
    // Rendered outside a request (a page called directly): there is no path to name.
    return null;
  }
}
