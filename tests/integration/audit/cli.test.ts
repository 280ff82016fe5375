import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Database, migrate } from '@/db/connect';
import { exportAuditCsv } from '@/lib/audit/export-audit';
import { createTestDatabase, TEST_DB_KIND, type TestDatabase } from '../../support/db';
import { makeStaff } from '../../support/fixtures';
import { chainRows, normalActivity, tamper } from './helpers';

const run = promisify(execFile);

/**
 * The real command (`npm run audit:verify`) against a real database — a PGlite folder, or a fresh
 * Postgres database through DATABASE_URL (the console's runtime role, when the server has two).
 */
describe('npm run audit:verify', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let postgres: TestDatabase | undefined;

  /** The database as this test process may open it: a PGlite folder only while the command is not running. */
  async function withDatabase<T>(fn: (database: Database) => Promise<T>): Promise<T> {
    if (postgres) return fn(postgres);
    const database = await connect({ dataDir: env.PGLITE_DIR });
    try {
      return await fn(database);
    } finally {
      await database.close();
    }
  }

  async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const tsx = path.join(process.cwd(), 'node_modules/.bin/tsx');
    try {
      const { stdout, stderr } = await run(tsx, ['--conditions=react-server', 'scripts/audit-verify.ts', ...args], {
        env,
        cwd: process.cwd(),
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  }

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-verify-'));
    if (TEST_DB_KIND === 'postgres') {
      postgres = await createTestDatabase();
      env = { ...process.env, DATABASE_URL: postgres.url, PGLITE_DIR: '' };
    } else {
      env = { ...process.env, DATABASE_URL: '', PGLITE_DIR: path.join(dir, 'pglite') };
      await withDatabase(migrate);
    }
    await withDatabase(normalActivity);
  });
  afterAll(async () => {
    await postgres?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  // In order: the chain as written, then tampered with (for good) and checked again.
  const csvFile = () => path.join(dir, 'audit-log.csv');

  it('says OK with the count and the last row to note, and exits 0', async () => {
    const { code, stdout } = await cli();
    const found = stdout.match(
      /^OK: (\d+) rows \(seq 1…\1\), the whole chain\.\nLast row: seq (\d+), hash ([0-9a-f]{64})\./,
    );
    expect(found, stdout).not.toBeNull();
    expect(stdout).toContain(`--expect ${found![2]}:${found![3]}`);
    expect(code).toBe(0);
  });

  it('verifies a range of seq numbers, and the rows of some Hong Kong days', async () => {
    const bySeq = await cli('--from', '2', '--to', '5');
    expect(bySeq.stdout).toMatch(/^OK: 4 rows \(seq 2…5\), the range\./);
    const byDay = await cli('--from', '2026-03-01', '--to', '2026-03-01');
    expect(byDay.stdout).toMatch(/^OK: 1 rows \(seq \d+…\d+\), the range\./);
    expect([bySeq.code, byDay.code]).toEqual([0, 0]);
  });

  it('verifies an export file offline', async () => {
    await withDatabase(async (database) => {
      const actor = await makeStaff(database.db, 'finance');
      let text = '';
      for await (const chunk of exportAuditCsv({ ctx: { db: database.db, actor }, input: {} })) text += String(chunk);
      fs.writeFileSync(csvFile(), text);
    });
    const { code, stdout } = await cli('--csv', csvFile(), '--complete');
    expect(stdout).toMatch(/^OK: \d+ rows \(seq 1…\d+\); every row's own hash checked, \d+ links/);
    expect(code).toBe(0);
  });

  it('names the first broken row and exits 1 once a superuser changed one row and deleted the last', async () => {
    // The last row now (the export added some): noted outside the database, as an auditor would.
    const head = await withDatabase(async (database) => {
      const [last] = (await chainRows(database.db)).slice(-1);
      return `${last!.seq}:${last!.hash}`;
    });
    await withDatabase((database) =>
      tamper(database, async (tx) => {
        await tx.execute(sql`update audit_log set data = '{"why": "nothing"}' where seq = 4`);
        await tx.execute(sql`delete from audit_log where seq = (select max(seq) from audit_log)`);
      }),
    );

    const whole = await cli();
    expect(whole.stdout).toMatch(/^BROKEN: 1 problem\(s\) in \d+ rows/);
    expect(whole.stdout).toMatch(
      /\nFirst broken row — seq 4, id \d+: content hash mismatch: the content hashes to [0-9a-f]{64}, the row holds [0-9a-f]{64}\n/,
    );
    const checked = await cli('--expect', head);
    expect(checked.stdout).toContain(`seq ${head.split(':')[0]}: checkpoint mismatch: no row has this seq any more`);
    expect([whole.code, checked.code]).toEqual([1, 1]);
  });

  it('names the file row of an edited export and exits 1; a usage error exits 2', async () => {
    const text = fs.readFileSync(csvFile(), 'utf8');
    fs.writeFileSync(csvFile(), text.replace('test.routine', 'test.rootine'));

    const edited = await cli('--csv', csvFile());
    expect(edited.stdout).toMatch(/\nFirst broken row — seq \d+, id \d+, file row \d+: content hash mismatch/);
    expect(edited.code).toBe(1);
    expect((await cli('--expect', 'nonsense')).code).toBe(2);
  });
});
