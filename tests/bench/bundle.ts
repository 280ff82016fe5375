/**
 * `npm run bench:bundle` — first-load JavaScript of the pages staff open first: the gzip size of
 * every script a signed-in page loads, as a browser loads it (Chromium, cache empty, a production
 * build with the demo data on the embedded database). Each script's body is gzipped here at the
 * default level, so the figure does not depend on whether a proxy compresses. Prints a table and
 * writes tests/bench/results/bundle.json. Targets (issue "Finance at chain scale"): ≤ 130 kB on
 * /orders and on an order page, ≤ 180 kB on /refunds.
 *
 * NEXT_DIST_DIR (default .next-bench) is the build it uses, rebuilt when sources are newer.
 */
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from 'playwright-core';
import { startStack } from '../../scripts/lib/stack';
import { DEMO_USERS } from '../../scripts/demo/accounts';
import { formatTable, writeResults } from './lib/report';

const PORT = Number(process.env.BENCH_BUNDLE_PORT ?? 3910);
const KB = 1024;

interface PageTarget {
  name: string;
  who: string;
  /** The path to open, found with the signed-in `page` if need be (that page's loads do not count). */
  path(page: Page, base: string): Promise<string>;
  /** Shown once the page is there. */
  ready: string;
  targetKb: number;
}

const TARGETS: PageTarget[] = [
  { name: '/orders', who: 'manager@demo.local', targetKb: 130, ready: 'orders-table', path: async () => '/orders' },
  {
    name: '/orders/[id]',
    who: 'manager@demo.local',
    targetKb: 130,
    ready: 'refund-panel',
    // A paid order of the manager's store, as they would reach it from the list.
    path: async (page, base) => {
      await page.goto(`${base}/orders?status=paid`);
      const link = page.getByTestId('orders-table').locator('a[href^="/orders/"]').first();
      return (await link.getAttribute('href'))!;
    },
  },
  {
    name: '/refunds',
    who: 'finance@demo.local',
    targetKb: 180,
    ready: 'refund-daily-chart',
    path: async () => '/refunds',
  },
];

async function signIn(page: Page, base: string, email: string) {
  const user = DEMO_USERS.find((u) => u.email === email)!;
  await page.goto(`${base}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('signed-in-as').waitFor({ state: 'attached' });
}

interface Measured {
  page: string;
  scripts: number;
  rawKb: number;
  gzipKb: number;
  /** Loaded after the first load (lazy chunks), gzip. */
  laterKb: number;
  targetKb: number;
  meetsTarget: boolean;
  largest: Array<{ url: string; gzipKb: number }>;
}

const round = (bytes: number) => Math.round((bytes / KB) * 10) / 10;

async function measurePage(base: string, target: PageTarget): Promise<Measured> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
  try {
    // Signed in (and the page found) in one context; measured in a fresh one with the same
    // cookies, so nothing loaded before is cached.
    const signedIn = await browser.newContext();
    const first = await signedIn.newPage();
    await signIn(first, base, target.who);
    const pathname = await target.path(first, base);
    const cookies = await signedIn.cookies();
    await signedIn.close();

    const context = await browser.newContext();
    await context.addCookies(cookies);
    const page = await context.newPage();
    const scripts = new Map<string, Promise<Buffer | null>>();
    page.on('response', (response) => {
      if (response.request().resourceType() === 'script')
        scripts.set(
          response.url(),
          response.body().catch(() => null),
        );
    });
    const response = await page.goto(`${base}${pathname}`);
    // First load: the scripts the document names (script tags, preloads, the client components of
    // its server payload) — what the page needs to be shown and to work. A chunk loaded later on
    // purpose (`next/dynamic`: the chart, the step-up dialog) is counted apart.
    const named = new Set((await response!.text()).match(/static\/chunks\/[\w.~-]+\.js/g) ?? []);
    await page.getByTestId(target.ready).waitFor();
    await page.waitForLoadState('networkidle');

    const sizes = await Promise.all(
      [...scripts].map(async ([url, body]) => {
        const bytes = (await body) ?? Buffer.alloc(0);
        const pathname = new URL(url).pathname;
        return {
          url: pathname,
          first: [...named].some((chunk) => pathname.endsWith(chunk)),
          raw: bytes.length,
          gzip: bytes.length ? gzipSync(bytes).length : 0,
        };
      }),
    );
    const firstLoad = sizes.filter((s) => s.first);
    const gzip = firstLoad.reduce((sum, s) => sum + s.gzip, 0);
    return {
      page: target.name,
      scripts: firstLoad.length,
      rawKb: round(firstLoad.reduce((sum, s) => sum + s.raw, 0)),
      gzipKb: round(gzip),
      laterKb: round(sizes.filter((s) => !s.first).reduce((sum, s) => sum + s.gzip, 0)),
      targetKb: target.targetKb,
      meetsTarget: gzip / KB <= target.targetKb,
      largest: firstLoad
        .sort((a, b) => b.gzip - a.gzip)
        .slice(0, 5)
        .map((s) => ({ url: s.url, gzipKb: round(s.gzip) })),
    };
  } finally {
    await browser.close();
  }
}

async function main() {
  process.env.NEXT_DIST_DIR ||= '.next-bench';
  const stack = await startStack({
    port: PORT,
    sandboxPort: PORT + 1000,
    dataDir: path.join(process.cwd(), '.data', 'bench-bundle'),
    demoOrders: 30,
    extraEnv: { LOG_LEVEL: 'warn', NEXT_DIST_DIR: process.env.NEXT_DIST_DIR },
    quiet: true,
  });
  const results: Measured[] = [];
  try {
    for (const target of TARGETS) results.push(await measurePage(stack.url, target));
  } finally {
    await stack.stop();
  }
  console.log(
    '\nFirst-load JavaScript, signed in (gzip of every script the document names; later: chunks loaded after, on purpose)\n',
  );
  console.log(
    formatTable(
      ['page', 'scripts', 'raw kB', 'gzip kB', 'target kB', 'meets', 'later, gzip kB'],
      results.map((r) => [
        r.page,
        String(r.scripts),
        r.rawKb,
        r.gzipKb,
        r.targetKb,
        r.meetsTarget ? 'yes' : 'NO',
        r.laterKb,
      ]),
    ),
  );
  for (const r of results)
    console.log(`  ${r.page} largest: ${r.largest.map((l) => `${l.url} ${l.gzipKb}`).join(', ')}`);
  const file = writeResults('bundle', {
    at: new Date().toISOString(),
    machine: { cpus: os.cpus().length, loadAverage: os.loadavg() },
    results,
  });
  console.log(`\nwrote ${path.relative(process.cwd(), file)}`);
  process.exit(results.every((r) => r.meetsTarget) ? 0 : 1);
}

await main();
