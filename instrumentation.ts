/**
 * Runs once when the server starts: validates configuration, applies migrations, starts the
 * background worker (lib/server/start.ts). A failure there stops the process with a clear message —
 * otherwise `next start` would keep serving 500s.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startServerOrExit } = await import('./lib/server/start');
  await startServerOrExit();
}
