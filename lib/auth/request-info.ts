import 'server-only';

/** The client address as the nearest proxy reports it (the app is meant to sit behind one). */
export function clientIp(headers: { get(name: string): string | null | undefined }): string {
  const forwarded = headers.get('x-forwarded-for');
  if (forwarded) return forwarded.split(',')[0]!.trim();
  return headers.get('x-real-ip') ?? 'unknown';
}
