import 'server-only';
import { notFound } from 'next/navigation';
import { getDb } from '@/db/client';
import { recordReadRefusal } from '@/lib/audit/refusals';
import type { StaffActor } from '@/lib/auth/actor';
import { currentPath } from '@/lib/auth/guard';
import { NotFoundError } from '@/lib/errors';
import { log } from '@/lib/log';

/**
 * For record pages: a record that does not exist, or is outside the caller's stores, renders the
 * 404 page — the same for both, so nothing confirms it exists — and the refused read is audited as
 * `access.refused` with the path, at most once a minute per staff member and path (docs/adr/0012).
 */
export async function notFoundOnNotFound<T>(actor: StaffActor, promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    await auditRefusedRead(actor, (await currentPath()) ?? 'unknown page');
    notFound();
  }
}

/** `access.refused` for a read answered "not found" (pages and API routes). Never fails the answer. */
export async function auditRefusedRead(actor: StaffActor, path: string): Promise<void> {
  try {
    await recordReadRefusal(await getDb(), actor, {
      action: 'access.refused',
      entityType: 'path',
      entityId: path.slice(0, 300),
      data: { path: path.slice(0, 300) },
    });
  } catch (failure) {
    log.error({ err: failure }, 'refused read not audited');
  }
}
