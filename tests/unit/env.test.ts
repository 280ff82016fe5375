import { afterEach, describe, expect, it, vi } from 'vitest';
import { env } from '@/lib/env';

const REQUIRED = {
  AUTH_SECRET: 'unit-auth-secret-0123456789abcdef0123456789',
  EFTPAY_BASE_URL: 'https://vmp.example.com/VMP',
  EFTPAY_USER_CONFIRM_KEY: 'UNITKEY',
  EFTPAY_SECRET_CODE: 'unit-secret-code',
};

function stub(values: Record<string, string>) {
  for (const [name, value] of Object.entries(values)) vi.stubEnv(name, value);
}

describe('env()', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('parses once while the environment stays the same', () => {
    stub(REQUIRED);
    const first = env();
    expect(env()).toBe(first);
  });

  it('sees a changed variable on the next call', () => {
    stub({ ...REQUIRED, EFTPAY_TIMEOUT_MS: '1500' });
    expect(env().EFTPAY_TIMEOUT_MS).toBe(1500);
    vi.stubEnv('EFTPAY_TIMEOUT_MS', '2500');
    expect(env().EFTPAY_TIMEOUT_MS).toBe(2500);
  });

  it('names the variable to fix', () => {
    stub({ ...REQUIRED, AUTH_SECRET: 'short' });
    expect(() => env()).toThrow(/AUTH_SECRET/);
  });

  it('gives sessions a 12-hour absolute lifetime unless told otherwise, and refuses a nonsensical one', () => {
    stub(REQUIRED);
    expect(env().SESSION_MAX_HOURS).toBe(12);
    vi.stubEnv('SESSION_MAX_HOURS', '8');
    expect(env().SESSION_MAX_HOURS).toBe(8);
    vi.stubEnv('SESSION_MAX_HOURS', '0');
    expect(() => env()).toThrow(/SESSION_MAX_HOURS/);
  });

  it('trusts no proxy unless told how many there are, and refuses a negative or fractional count', () => {
    stub(REQUIRED);
    expect(env().TRUSTED_PROXY_HOPS).toBe(0);
    vi.stubEnv('TRUSTED_PROXY_HOPS', '2');
    expect(env().TRUSTED_PROXY_HOPS).toBe(2);
    for (const bad of ['-1', '1.5', 'one']) {
      vi.stubEnv('TRUSTED_PROXY_HOPS', bad);
      expect(() => env()).toThrow(/TRUSTED_PROXY_HOPS/);
    }
  });

  it('keeps refused notifications 30 days and sign-in attempts 90 unless told otherwise, and refuses less than a day', () => {
    stub(REQUIRED);
    expect(env()).toMatchObject({ NOTIFY_REJECT_RETENTION_DAYS: 30, SIGN_IN_ATTEMPT_RETENTION_DAYS: 90 });
    stub({ NOTIFY_REJECT_RETENTION_DAYS: '7', SIGN_IN_ATTEMPT_RETENTION_DAYS: '1' });
    expect(env()).toMatchObject({ NOTIFY_REJECT_RETENTION_DAYS: 7, SIGN_IN_ATTEMPT_RETENTION_DAYS: 1 });
    for (const name of ['NOTIFY_REJECT_RETENTION_DAYS', 'SIGN_IN_ATTEMPT_RETENTION_DAYS']) {
      for (const bad of ['0', '0.5', 'ninety']) {
        vi.stubEnv(name, bad);
        expect(() => env()).toThrow(new RegExp(name));
      }
      vi.stubEnv(name, '30');
    }
  });

  it('takes a database owner role beside the console’s own, and refuses one without it or the same role', () => {
    const runtime = 'postgres://console_app:pw@db.internal:5432/console';
    const owner = 'postgres://console_owner:pw@db.internal:5432/console';
    stub({ ...REQUIRED, DATABASE_URL: runtime, DATABASE_OWNER_URL: owner });
    expect(env()).toMatchObject({ DATABASE_URL: runtime, DATABASE_OWNER_URL: owner });
    vi.stubEnv('DATABASE_OWNER_URL', '');
    expect(env().DATABASE_OWNER_URL).toBeUndefined();
    vi.stubEnv('DATABASE_OWNER_URL', runtime.replace(':pw@', ':other@'));
    expect(() => env()).toThrow(/DATABASE_OWNER_URL: signs in as console_app, the role of DATABASE_URL/);
    vi.stubEnv('DATABASE_OWNER_URL', owner);
    vi.stubEnv('DATABASE_URL', '');
    expect(() => env()).toThrow(/DATABASE_OWNER_URL: needs DATABASE_URL/);
  });
});
