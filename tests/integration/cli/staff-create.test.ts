import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Database, migrate } from '@/db/connect';
import { auditLog, staffStores, staffUsers } from '@/db/schema';
import { verifyPassword } from '@/lib/auth/password';
import { createTestDatabase, TEST_DB_KIND, type TestDatabase } from '../../support/db';
import { makeStore } from '../../support/fixtures';

const run = promisify(execFile);

/**
 * Runs the real CLI (`npm run staff:create`) against a real database: a PGlite folder, or a fresh
 * Postgres database.
 */
describe('npm run staff:create', () => {
  let dir: string;
  let env: Record<string, string | undefined>;
  let database: TestDatabase;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'staff-create-'));
    if (TEST_DB_KIND === 'postgres') {
      const db = await createTestDatabase();
      // As the server starts: DATABASE_OWNER_URL's role migrates when the test server has two roles.
      env = { ...process.env, DATABASE_URL: db.url, DATABASE_OWNER_URL: db.ownerUrl ?? '' };
      database = db;
      drop = () => db.drop();
    } else {
      env = { ...process.env, DATABASE_URL: '', PGLITE_DIR: path.join(dir, 'pglite') };
      drop = async () => {};
    }
  });
  afterAll(async () => {
    await drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function openDb(): Promise<Database> {
    if (TEST_DB_KIND === 'postgres') return database;
    return connect({ dataDir: env.PGLITE_DIR });
  }

  const cli = (args: string[], extra: Record<string, string> = {}) =>
    run(
      path.join(process.cwd(), 'node_modules/.bin/tsx'),
      ['--conditions=react-server', 'scripts/staff-create.ts', ...args],
      {
        env: { ...env, ...extra } as NodeJS.ProcessEnv,
        cwd: process.cwd(),
      },
    );

  it('creates an admin with the password from STAFF_PASSWORD, and never prints it', async () => {
    const secret = 'a-strong-initial-password';
    const { stdout, stderr } = await cli(['--email', 'Ada@Shop.HK', '--name', 'Ada Lam', '--role', 'admin'], {
      STAFF_PASSWORD: secret,
    });
    expect(stdout).toMatch(/Created admin ada@shop\.hk/);
    expect(stdout + stderr).not.toContain(secret);

    const db = await openDb();
    try {
      const [user] = await db.db.select().from(staffUsers).where(eq(staffUsers.email, 'ada@shop.hk'));
      expect(user).toMatchObject({ name: 'Ada Lam', role: 'admin', active: true });
      expect(user!.passwordHash.startsWith('$argon2id$')).toBe(true);
      expect(await verifyPassword(user!.passwordHash, secret)).toBe(true);
      const audit = await db.db.select().from(auditLog).where(eq(auditLog.entityId, user!.id));
      expect(audit.map((a) => a.action)).toEqual(['staff.created']);
      expect(JSON.stringify(audit)).not.toContain(secret);
    } finally {
      if (TEST_DB_KIND === 'pglite') await db.close();
    }
  });

  it('assigns stores by code, and refuses unknown codes, weak passwords and duplicates', async () => {
    const db = await openDb();
    let storeCode: string;
    try {
      // On Postgres the owner's to run (with two roles the console's own role may not).
      await migrate(TEST_DB_KIND === 'postgres' ? await database.asOwner() : db);
      storeCode = (await makeStore(db.db)).code;
    } finally {
      if (TEST_DB_KIND === 'pglite') await db.close();
    }
    const password = { STAFF_PASSWORD: 'another-strong-password' };
    await cli(['--email', 'mandy@shop.hk', '--name', 'Mandy', '--role', 'manager', '--stores', storeCode], password);

    await expect(
      cli(['--email', 'x@shop.hk', '--name', 'X', '--role', 'manager', '--stores', 'NOPE'], password),
    ).rejects.toMatchObject({
      stderr: expect.stringContaining('Unknown store code(s): NOPE'),
    });
    await expect(
      cli(['--email', 'y@shop.hk', '--name', 'Y', '--role', 'manager'], { STAFF_PASSWORD: 'short' }),
    ).rejects.toMatchObject({
      stderr: expect.stringContaining('password: Use at least 12 characters.'),
    });
    await expect(cli(['--email', 'mandy@shop.hk', '--name', 'M2', '--role', 'admin'], password)).rejects.toMatchObject({
      stderr: expect.stringContaining('already exists'),
    });

    const check = await openDb();
    try {
      const [mandy] = await check.db.select().from(staffUsers).where(eq(staffUsers.email, 'mandy@shop.hk'));
      const assigned = await check.db.select().from(staffStores).where(eq(staffStores.staffId, mandy!.id));
      expect(assigned).toHaveLength(1);
      expect((await check.db.select().from(staffUsers)).map((u) => u.email).sort()).toEqual([
        'ada@shop.hk',
        'mandy@shop.hk',
      ]);
    } finally {
      if (TEST_DB_KIND === 'pglite') await check.close();
    }
  });
});
