/**
 * Polls `check` until it holds. A test waits for the event that proves the system got somewhere —
 * never for a fixed time, which passes just as well when nothing happened at all.
 */
export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 5_000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`${what} not met within ${timeoutMs} ms`);
}
