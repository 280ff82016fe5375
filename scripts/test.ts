/**
 * `npm test`: the whole suite, in order — typecheck, lint, import boundaries, migration drift, unit + integration
 * tests (PGlite, and real Postgres), Playwright E2E in Chromium — then one closing line
 * `N passed, N failed, N skipped` summed from the runners' JSON reports.
 *
 * Real Postgres: TEST_DATABASE_URL if set (with TEST_DATABASE_OWNER_URL and TEST_DATABASE_RUNTIME_URL
 * for the console's two roles); otherwise, when PostgreSQL's server binaries are installed, a
 * throwaway cluster with both roles is started here (scripts/postgres.sh) and stopped at the end.
 * Without either, the Postgres half of the integration tests is counted as skipped (and said so).
 * Set SKIP_E2E=1 to leave out the browser tests (e.g. on a machine without Chromium).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = process.cwd();
const RESULTS = path.join(ROOT, '.data', 'test-results');
fs.rmSync(RESULTS, { recursive: true, force: true });
fs.mkdirSync(RESULTS, { recursive: true });

const bin = (name: string) => path.join(ROOT, 'node_modules', '.bin', name);
// Tools that load server modules outside Next resolve `server-only` to its empty export (README,
// "Scripts outside Next").
const SERVER_CONDITION = '--conditions=react-server';
const failures: string[] = [];
const counts = { passed: 0, failed: 0, skipped: 0 };

function step(name: string, command: string, args: string[], env: NodeJS.ProcessEnv = process.env): boolean {
  console.log(`\n▶ ${name}`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: 'inherit', env, cwd: ROOT });
  const ok = result.status === 0;
  console.log(`${ok ? '✔' : '✘'} ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  if (!ok) failures.push(name);
  return ok;
}

function checkCount(name: string, ok: boolean) {
  // A check that is not a test runner counts as one test, so a red check shows in the totals.
  if (ok) counts.passed += 1;
  else counts.failed += 1;
  void name;
}

function migrationDrift(): boolean {
  console.log('\n▶ migration drift (drizzle-kit generate must find nothing new)');
  // A folder inside the project, named relatively: drizzle-kit prefixes `./` to its --out folder,
  // which turns an absolute temporary path into a wrong one.
  fs.mkdirSync(path.join(ROOT, '.data'), { recursive: true });
  const tmp = path.relative(ROOT, fs.mkdtempSync(path.join(ROOT, '.data', 'drift-')));
  fs.cpSync(path.join(ROOT, 'db', 'migrations'), path.join(ROOT, tmp), { recursive: true });
  const before = fs.readdirSync(path.join(ROOT, tmp)).filter((f) => f.endsWith('.sql')).length;
  const result = spawnSync(
    process.execPath,
    [
      SERVER_CONDITION,
      path.join(ROOT, 'node_modules/drizzle-kit/bin.cjs'),
      'generate',
      '--dialect',
      'postgresql',
      '--schema',
      './db/schema/index.ts',
      '--out',
      tmp,
    ],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  );
  const after = fs.readdirSync(path.join(ROOT, tmp)).filter((f) => f.endsWith('.sql')).length;
  fs.rmSync(path.join(ROOT, tmp), { recursive: true, force: true });
  const ok = result.status === 0 && after === before;
  if (!ok) {
    console.log(result.stdout, result.stderr);
    console.log('✘ The schema has changes without a migration: run `npm run db:generate` and commit it.');
    failures.push('migration drift');
  } else console.log('✔ migration drift: none');
  return ok;
}

let startedPostgres: string | null = null;
function ensurePostgres(): void {
  if (process.env.TEST_DATABASE_URL) return;
  const hasServer = fs.existsSync('/usr/lib/postgresql') && fs.readdirSync('/usr/lib/postgresql').length > 0;
  if (!hasServer) {
    console.log('\nPostgreSQL server binaries not found: integration tests run on PGlite only.');
    return;
  }
  const dir = path.join(ROOT, '.data', 'pg-test');
  const result = spawnSync('bash', ['scripts/postgres.sh', 'start', dir, '55433'], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) {
    console.log(result.stderr);
    failures.push('start postgres');
    return;
  }
  process.env.TEST_DATABASE_URL = result.stdout.trim();
  startedPostgres = dir;
  // The console's two roles (README, "Database roles"): the Postgres half migrates as the owner and
  // runs as the runtime role (tests/support/db.ts).
  const roles = spawnSync('bash', ['scripts/postgres.sh', 'roles', dir, '55433'], { cwd: ROOT, encoding: 'utf8' });
  const [ownerUrl, runtimeUrl] = roles.stdout.trim().split('\n');
  if (roles.status !== 0 || !ownerUrl || !runtimeUrl) {
    console.log(roles.stderr);
    failures.push('postgres roles');
    return;
  }
  process.env.TEST_DATABASE_OWNER_URL = ownerUrl;
  process.env.TEST_DATABASE_RUNTIME_URL = runtimeUrl;
}

function readVitest(file: string) {
  if (!fs.existsSync(file)) return;
  const report = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
  };
  counts.passed += report.numPassedTests;
  counts.failed += report.numFailedTests;
  counts.skipped += report.numPendingTests + report.numTodoTests;
}

/** How many tests of tests/integration a vitest JSON report holds (a file once per project that ran it). */
function integrationTestsIn(file: string): number | null {
  if (!fs.existsSync(file)) return null;
  const report = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    testResults: Array<{ name: string; assertionResults: unknown[] }>;
  };
  const integration = `${path.sep}tests${path.sep}integration${path.sep}`;
  return report.testResults
    .filter((result) => result.name.includes(integration))
    .reduce((sum, result) => sum + result.assertionResults.length, 0);
}

/** The integration tests vitest finds for the PGlite project, without running them. */
function listIntegrationTests(): number {
  const listed = path.join(RESULTS, 'vitest-pglite-list.json');
  spawnSync(bin('vitest'), ['list', '--project', 'pglite', `--json=${listed}`], { cwd: ROOT, stdio: 'ignore' });
  return fs.existsSync(listed) ? (JSON.parse(fs.readFileSync(listed, 'utf8')) as unknown[]).length : 0;
}

/**
 * Without a PostgreSQL server the Postgres project does not exist, so its half of the integration
 * tests (the same tests as on PGlite) would vanish from the totals: count it as skipped, and say so.
 */
function countPostgresHalfAsSkipped(report: string): void {
  if (process.env.TEST_DATABASE_URL) return;
  const skipped = integrationTestsIn(report) ?? listIntegrationTests();
  counts.skipped += skipped;
  console.log(
    `\n${skipped} integration tests skipped on PostgreSQL: no server (set TEST_DATABASE_URL, or install PostgreSQL's server binaries); they ran on PGlite only.`,
  );
}

function readPlaywright(file: string) {
  if (!fs.existsSync(file)) return;
  const report = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    stats: { expected: number; unexpected: number; flaky: number; skipped: number };
  };
  counts.passed += report.stats.expected + report.stats.flaky;
  counts.failed += report.stats.unexpected;
  counts.skipped += report.stats.skipped;
}

checkCount('typecheck', step('typecheck', bin('tsc'), ['--noEmit', '-p', 'scripts/tsconfig.check.json']));
checkCount('lint', step('lint', bin('biome'), ['lint', '.']));
checkCount('boundaries', step('import boundaries (dependency-cruiser)', bin('tsx'), ['scripts/boundaries.ts']));
checkCount('migration drift', migrationDrift());

ensurePostgres();
const vitestJson = path.join(RESULTS, 'vitest.json');
step('unit + integration tests (vitest)', bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${vitestJson}`,
]);
readVitest(vitestJson);
countPostgresHalfAsSkipped(vitestJson);

if (process.env.SKIP_E2E !== '1') {
  const playwrightJson = path.join(RESULTS, 'playwright.json');
  const playwright = path.join(ROOT, 'node_modules/@playwright/test/cli.js');
  step('end-to-end tests (Playwright, Chromium)', process.execPath, [SERVER_CONDITION, playwright, 'test'], {
    ...process.env,
    PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson,
  });
  readPlaywright(playwrightJson);
}

if (startedPostgres) spawnSync('bash', ['scripts/postgres.sh', 'stop', startedPostgres], { cwd: ROOT });

if (failures.length) console.log(`\nFailed steps: ${failures.join(', ')}`);
// A failed step with no failed test in it (a crash) still fails the run.
if (failures.length && counts.failed === 0) counts.failed = failures.length;
console.log(`\n${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
process.exit(failures.length ? 1 : 0);
