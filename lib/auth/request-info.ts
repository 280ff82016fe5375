import 'server-only';

/** The client address as the nearest proxy reports it (the app is meant to sit behind one). */
export function clientIp(headers: { get(name: string): string | null | undefined }): string {
  const forwarded = headers.get('x-forwarded-for');
  if (forwarded) return forwarded.split(',')[0]!.trim();
  return headers.get('x-real-ip') ?? 'unknown';
}

/** Accepts only same-site paths as a post-sign-in destination (no open redirects). */
export function safeCallbackPath(value: string | null | undefined, fallback = '/orders'): string {
  if (!value?.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  if (value.startsWith('/login') || value.startsWith('/api/')) return fallback;
  try {
    const url = new URL(value, 'http://console.invalid');
    if (url.origin !== 'http://console.invalid') return fallback;
    return `${url.pathname}${url.search}`;
  } catch {
    return fallback;
  }
}
