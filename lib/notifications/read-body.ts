import 'server-only';

/** The largest notification body the notify route reads, in bytes; eftPay's are a few hundred. */
export const NOTIFY_MAX_BODY = 64 * 1024;

/**
 * The request's body as text, or null when it is larger than `limit` bytes. A Content-Length over
 * the limit is refused before anything is read; otherwise the stream is read chunk by chunk and
 * cancelled as soon as the count passes the limit, so an oversized body is never held in memory.
 */
export async function readLimitedBody(req: Request, limit = NOTIFY_MAX_BODY): Promise<string | null> {
  const declared = req.headers.get('content-length');
  if (declared !== null && !(Number(declared) <= limit)) {
    await req.body?.cancel().catch(() => {});
    return null;
  }
  if (!req.body) return '';
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}
