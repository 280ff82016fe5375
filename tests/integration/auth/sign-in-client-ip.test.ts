import { describe, expect, it, vi } from 'vitest';
import { getAuthOptions } from '@/lib/auth/options';
import { IP_FAILURE_LIMIT } from '@/lib/auth/sign-in';
import { testDatabaseForFile } from '../../support/harness';

testDatabaseForFile({ serverEnv: true });

type Authorize = (credentials: Record<string, string>, req: { headers: Record<string, string> }) => Promise<unknown>;

/** The credentials provider's own `authorize`, as next-auth calls it with the sign-in request. */
function authorize(): Authorize {
  const provider = getAuthOptions().providers[0] as unknown as { options: { authorize: Authorize } };
  return provider.options.authorize;
}

/** A failed sign-in as next-auth reports it: the reason authorize threw. */
async function attempt(email: string, forwardedFor: string): Promise<string> {
  try {
    await authorize()({ email, password: 'not the password' }, { headers: { 'x-forwarded-for': forwardedFor } });
    return 'signed_in';
  } catch (error) {
    return (error as Error).message;
  }
}

describe('the per-address sign-in limit through the sign-in route', () => {
  it.each([
    ['no trusted proxy', '0', (i: number) => `198.51.100.${i}`],
    ['one trusted proxy', '1', (i: number) => `198.51.100.${i}, 203.0.113.7`],
  ])('cannot be dodged by a new X-Forwarded-For per attempt (%s)', async (_label, hops, forwardedFor) => {
    vi.stubEnv('TRUSTED_PROXY_HOPS', hops);
    const prefix = `rotate-${hops}`;
    for (let i = 0; i < IP_FAILURE_LIMIT; i++) {
      expect(await attempt(`${prefix}-${i}@test.local`, forwardedFor(i))).toBe('invalid');
    }
    expect(await attempt(`${prefix}-last@test.local`, forwardedFor(IP_FAILURE_LIMIT + 1))).toBe('rate_limited');
  });

  it('still tells apart clients behind a trusted proxy', async () => {
    vi.stubEnv('TRUSTED_PROXY_HOPS', '1');
    expect(await attempt('someone-else@test.local', '198.51.100.1, 203.0.113.99')).toBe('invalid');
  });
});
