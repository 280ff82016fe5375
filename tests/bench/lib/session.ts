/**
 * Signs in to the running console as a browser does: GET the CSRF token (and its cookie), POST
 * the credentials form to next-auth's callback, keep the session cookie it sets. Returns the
 * Cookie header to send with page requests.
 */
export async function signInCookie(baseUrl: string, email: string, password: string): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      jar.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1));
    }
  };
  const header = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');

  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  keep(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: header() },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${baseUrl}/orders`, json: 'true' }),
  });
  keep(response);
  if (![...jar.keys()].some((k) => k.endsWith('next-auth.session-token'))) {
    throw new Error(`sign-in as ${email} failed (HTTP ${response.status})`);
  }
  return header();
}
