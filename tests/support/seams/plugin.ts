import path from 'node:path';
import type { Plugin } from 'vitest/config';

/**
 * The three places where server code reaches for something a request or the deployment provides —
 * the database handle, the signed-in actor, the gateway's configuration — resolve, in the tests, to
 * the stand-ins beside this file. Matched by the file an import resolves to, so every way of
 * naming the module (`@/…`, relative) gets the stand-in; the stand-ins themselves still reach the
 * production modules they wrap.
 */
const SEAMS: Record<string, string> = {
  'db/client.ts': 'database.ts',
  'lib/auth/current.ts': 'current-actor.ts',
  'lib/eftpay/gateway-config.ts': 'gateway-config.ts',
};

export function serverSeams(root: string): Plugin {
  const seams = new Map(
    Object.entries(SEAMS).map(([real, seam]) => [path.join(root, real), path.join(import.meta.dirname, seam)]),
  );
  const standIns = new Set(seams.values());
  return {
    name: 'server-seams',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!importer || standIns.has(importer)) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      return (resolved && seams.get(resolved.id)) ?? null;
    },
  };
}
