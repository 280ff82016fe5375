import 'server-only';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { emptyState, type SandboxState, sandboxStateSchema } from './state-schema';

/**
 * JSON persistence of the sandbox state. Each write is synchronous temp-file + rename, so a crash
 * or a concurrent reader never sees a half-written file and two writes can never interleave.
 * Writes are coalesced (createSaver): with thousands of demo orders the state is megabytes, and
 * rewriting it on every request made seeding crawl.
 */

/** The request log is a debugging aid; cap it so the state file stays small. */
const MAX_LOGGED_REQUESTS = 1000;

export function loadState(file: string | undefined): SandboxState {
  if (file === undefined || !existsSync(file)) return emptyState();
  const parsed = sandboxStateSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  // Refuse to start rather than silently discard someone's sandbox orders.
  if (!parsed.success) throw new Error(`sandbox state file ${file} is not valid: ${parsed.error.message}`);
  return parsed.data;
}

function saveState(file: string | undefined, state: SandboxState): void {
  if (file === undefined) return;
  if (state.requests.length > MAX_LOGGED_REQUESTS) {
    state.requests.splice(0, state.requests.length - MAX_LOGGED_REQUESTS);
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temp, JSON.stringify(state, null, 2), 'utf8');
  renameSync(temp, file);
}

export interface Saver {
  /** Marks the state changed; it is written within `delayMs`. */
  request(): void;
  /** Writes now if a change is pending (close, tests). */
  flush(): void;
}

/** At most one write per `delayMs`. A process killed without close() loses the last `delayMs`. */
export function createSaver(file: string | undefined, state: SandboxState, delayMs = 200): Saver {
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    if (timer === undefined) return;
    clearTimeout(timer);
    timer = undefined;
    saveState(file, state);
  };
  return {
    request() {
      if (file === undefined || timer !== undefined) return;
      timer = setTimeout(flush, delayMs);
      timer.unref();
    },
    flush,
  };
}
