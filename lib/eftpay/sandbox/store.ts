import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { emptyState, type SandboxState, sandboxStateSchema } from './state-schema';

/**
 * JSON persistence of the sandbox state. Synchronous on purpose: the state is small, writes happen
 * once per request, and synchronous temp-file + rename means a crash or a concurrent reader never
 * sees a half-written file and two writes can never interleave.
 */

/** The request log is a debugging aid; cap it so the state file stays small. */
export const MAX_LOGGED_REQUESTS = 1000;

export function loadState(file: string | undefined): SandboxState {
  if (file === undefined || !existsSync(file)) return emptyState();
  const parsed = sandboxStateSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  // Refuse to start rather than silently discard someone's sandbox orders.
  if (!parsed.success) throw new Error(`sandbox state file ${file} is not valid: ${parsed.error.message}`);
  return parsed.data;
}

export function saveState(file: string | undefined, state: SandboxState): void {
  if (file === undefined) return;
  if (state.requests.length > MAX_LOGGED_REQUESTS) {
    state.requests.splice(0, state.requests.length - MAX_LOGGED_REQUESTS);
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temp, JSON.stringify(state, null, 2), 'utf8');
  renameSync(temp, file);
}
