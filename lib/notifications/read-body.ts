import 'server-only';

/** The largest notification body the notify route reads, in bytes; eftPay's are a few hundred. */
export const NOTIFY_MAX_BODY = 64 * 1024;

/** What was read: the whole body, or — past the limit — its size so far and the part read. */
export type BodyRead = { ok: true; text: string } | { ok: false; bytes: number; head: string };

/** The request's body as text, or null when it is larger than `limit` bytes (see readBody). */
export async function readLimitedBody(req: Request, limit = NOTIFY_MAX_BODY): Promise<string | null> {
  const read = await readBody(req, limit);
  return read.ok ? read.text : null;
}

/**
 * The request's body as text, or — when it is larger than `limit` bytes — its size (declared, or
 * counted when reading stopped) and the part read, for the bounded record of a refused body. A
 * Content-Length over the limit is refused before anything is read; otherwise the stream is read
 * chunk by chunk and cancelled as soon as the count passes the limit, so an oversized body is never
 * held in memory.
 */
export async function readBody(req: Request, limit = NOTIFY_MAX_BODY): Promise<BodyRead> {
  const declared = req.headers.get('content-length');
  if (declared !== null && !(Number(declared) <= limit)) {
    await req.body?.cancel().catch(() => {});
    const bytes = Number(declared);
    return {
      ok: false,
      bytes: Number.isSafeInteger(bytes) && bytes >= 0 && bytes < 2 ** 31 ? bytes : 2 ** 31 - 1,
      head: '',
    };
  }
  if (!req.body) return { ok: true, text: '' };
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      return { ok: false, bytes: total, head: decode(chunks, total - value.byteLength) };
    }
    chunks.push(value);
  }
  return { ok: true, text: decode(chunks, total) };
}

function decode(chunks: Uint8Array[], total: number): string {
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}
