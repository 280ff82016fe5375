import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { signIn } from './support';

/**
 * What reaches a browser. README "Configuration": the eftPay secret is "never sent to browsers". Three checks:
 * 1. A production build made with unique canary values as EFTPAY_SECRET_CODE and AUTH_SECRET holds
 *    neither canary, nor code from server-only modules, in the files sent to browsers
 *    (`static/**`) or in its prerendered HTML — the secrets are read at run time, on the server.
 * 2. The running E2E console sends a signed-in administrator none of its real secrets and no
 *    server-only code, page after page (HTML, scripts and the RSC payloads of client navigation).
 * 3. Every response carries the security headers and the session cookie its flags.
 * The build takes a few minutes on a busy machine, hence a Playwright test rather than vitest's.
 */
const ROOT = process.cwd();
const SCAN_DIR = path.join(ROOT, '.next-scan');
const PORT = process.env.E2E_PORT ?? '3100';

/**
 * Strings found only in server-only modules, chosen to survive minification (string literals and
 * property names, not identifiers): eftPay's request fields and signing input, our table names,
 * the migration lock, the TOTP key derivation.
 */
const SERVER_ONLY_MARKERS = [
  'user_confirm_key', // lib/eftpay/requests.ts: the signed request bodies
  'gateway_calls', // db/schema/audit.ts
  'staff_recovery_codes', // db/schema/staff.ts
  'sign_in_attempts', // db/schema/staff.ts
  'pg_advisory_lock', // db/connect.ts
  'totp-secret/v1', // lib/auth/totp.ts: the HKDF info of the TOTP encryption key
];

const SOURCES = ['app', 'components', 'lib', 'db', 'proxy.ts', 'instrumentation.ts', 'next.config.mjs', 'package.json'];

/** Every file under `dir` (or `dir` itself when it is a file). */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  if (fs.statSync(dir).isFile()) return [dir];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

function newestSource(): number {
  return Math.max(...SOURCES.flatMap((p) => filesUnder(path.join(ROOT, p))).map(mtime));
}

function mtime(file: string): number {
  return fs.existsSync(file) && fs.statSync(file).isFile() ? fs.statSync(file).mtimeMs : 0;
}

/** Builds into .next-scan with fresh canaries, or reuses a build newer than every source. */
function canaryBuild(): { AUTH_SECRET: string; EFTPAY_SECRET_CODE: string } {
  const canaryFile = path.join(SCAN_DIR, 'scan-canaries.json');
  const built = mtime(path.join(SCAN_DIR, 'BUILD_ID'));
  if (built && fs.existsSync(canaryFile) && built > newestSource()) {
    return JSON.parse(fs.readFileSync(canaryFile, 'utf8'));
  }
  const canaries = {
    AUTH_SECRET: `canaryAUTH${randomBytes(16).toString('hex')}`,
    EFTPAY_SECRET_CODE: `canaryEFT${randomBytes(12).toString('hex')}`,
  };
  const result = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/next/dist/bin/next'), 'build'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: {
      ...process.env,
      ...canaries,
      EFTPAY_USER_CONFIRM_KEY: 'CANARYKEY',
      NEXT_DIST_DIR: '.next-scan',
      NEXT_TELEMETRY_DISABLED: '1',
      NODE_ENV: 'production',
    },
  });
  if (result.status !== 0) throw new Error(`next build failed:\n${result.stdout}\n${result.stderr}`);
  fs.writeFileSync(canaryFile, JSON.stringify(canaries));
  return canaries;
}

/** Every (file, needle) pair where a needle occurs in a file. */
function leaks(files: string[], needles: string[]): string[] {
  const found: string[] = [];
  for (const file of files) {
    const text = fs.readFileSync(file, 'latin1');
    for (const needle of needles) if (text.includes(needle)) found.push(`${path.relative(ROOT, file)}: ${needle}`);
  }
  return found;
}

test.describe('what reaches the browser', () => {
  test('a build made with canary secrets sends neither them nor server-only code to browsers', async () => {
    test.setTimeout(15 * 60_000);
    const canaries = canaryBuild();
    const browserFiles = filesUnder(path.join(SCAN_DIR, 'static'));
    const prerendered = filesUnder(path.join(SCAN_DIR, 'server', 'app')).filter((f) => f.endsWith('.html'));
    expect(browserFiles.filter((f) => f.endsWith('.js')).length).toBeGreaterThan(5);

    // The markers are real: the server's own bundles hold every one of them…
    const serverFiles = filesUnder(path.join(SCAN_DIR, 'server')).filter((f) => f.endsWith('.js'));
    for (const marker of SERVER_ONLY_MARKERS) {
      expect(leaks(serverFiles, [marker]).length, `${marker} in the server bundle`).toBeGreaterThan(0);
    }
    // …and no browser file or prerendered page holds any, nor a canary.
    expect(leaks([...browserFiles, ...prerendered], [...Object.values(canaries), ...SERVER_ONLY_MARKERS])).toEqual([]);
    // Not even the server's bundles hold the secrets: they are read from the environment at run time.
    expect(leaks(serverFiles, Object.values(canaries))).toEqual([]);
  });

  test('the running console sends a signed-in administrator no secret and no server-only code', async ({ page }) => {
    const secrets = JSON.parse(fs.readFileSync(path.join(ROOT, '.data', `e2e-${PORT}`, 'local-secrets.json'), 'utf8'));
    const needles = [secrets.AUTH_SECRET, secrets.EFTPAY_SECRET_CODE, ...SERVER_ONLY_MARKERS];
    const received: Array<{ url: string; body: Promise<string> }> = [];
    page.on('response', (response) => {
      const type = response.request().resourceType();
      if (!['document', 'script', 'fetch', 'xhr'].includes(type) || response.status() >= 300) return;
      received.push({ url: response.url(), body: response.text().catch(() => '') });
    });

    await page.goto('/login');
    await signIn(page, 'admin@demo.local');
    for (const url of [
      '/orders',
      '/orders/unpaid',
      '/refunds',
      '/approvals',
      '/audit',
      '/discrepancies',
      '/staff',
      '/staff/new',
      '/staff/stores',
      '/settings/refund-policy',
    ]) {
      await page.goto(url);
    }
    await page.goto('/account/two-factor');
    // Client-side navigation fetches RSC payloads rather than documents.
    for (const [link, url] of [
      ['Orders', /\/orders$/],
      ['Refunds', /\/refunds$/],
      ['Staff', /\/staff$/],
    ] as const) {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: link, exact: true }).click();
      await expect(page).toHaveURL(url);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    }
    await openFirstOrder(page);

    const bodies = await Promise.all(received.map(async (r) => ({ url: r.url, body: await r.body })));
    expect(bodies.filter((b) => b.url.includes('/_next/static/')).length).toBeGreaterThan(3);
    const found = bodies.flatMap((b) => needles.filter((n) => b.body.includes(n)).map((n) => `${b.url}: ${n}`));
    expect(found).toEqual([]);
  });

  test('pages carry a nonce-based CSP and the other security headers; the console runs under them', async ({
    page,
    request,
    context,
  }) => {
    const login = await request.get('/login');
    const csp = login.headers()['content-security-policy'] ?? '';
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(login.headers()).toMatchObject({
      'x-frame-options': 'DENY',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'strict-origin-when-cross-origin',
    });
    expect(login.headers()['permissions-policy']).toContain('camera=()');
    // Over plain http (the E2E server) there is no HSTS; APP_URL https turns it on.
    expect(login.headers()['strict-transport-security']).toBeUndefined();
    // A fresh nonce per response, and it is the one on the page's scripts.
    const again = (await request.get('/login')).headers()['content-security-policy'];
    expect(again).not.toBe(csp);
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    expect(await login.text()).toContain(`nonce="${nonce}"`);

    const health = await request.get('/api/health');
    expect(health.headers()['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(health.headers()['x-content-type-options']).toBe('nosniff');

    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to (execute|load|apply)/i.test(message.text()))
        violations.push(message.text());
    });
    page.on('pageerror', (error) => violations.push(error.message));
    // Signing in is client-side JavaScript: it only works if the policy lets Next's scripts run.
    await signIn(page, 'admin@demo.local');
    await page.goto('/staff/new');
    await page.getByLabel('Name').fill('typed by a hydrated form');
    await expect(page.getByLabel('Name')).toHaveValue('typed by a hydrated form');
    expect(violations).toEqual([]);

    const session = (await context.cookies()).find((c) => c.name.endsWith('next-auth.session-token'));
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: false, path: '/' });
    for (const cookie of await context.cookies()) expect(cookie.httpOnly, cookie.name).toBe(true);
  });
});

async function openFirstOrder(page: Page) {
  await page.goto('/orders');
  const first = page.getByTestId('orders-table').getByRole('row').nth(1).getByRole('link').first();
  await expect(first).toBeVisible();
  await first.click();
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
}
