import { connect, migrate } from '@/db/connect';
import { openDatabase } from '@/db/open';
import pg from 'pg';
import { requireServerUrl, serverRoles, TEMPLATE_DB, withAdmin, withDatabase } from './db';

/**
 * Builds the migrated template database that every Postgres test file clones. With the console's
 * two roles, it belongs to the owner and is migrated the way the server starts (db/open.ts): as the
 * owner, which then grants the runtime role its privileges — the clones keep both.
 */
export default async function setup() {
  const url = requireServerUrl();
  const roles = serverRoles();
  await withAdmin(url, async (c) => {
    await c.query(`drop database if exists ${TEMPLATE_DB} with (force)`);
    await c.query(`create database ${TEMPLATE_DB}${roles ? ` owner ${pg.escapeIdentifier(roles.owner)}` : ''}`);
  });
  const database = roles
    ? await openDatabase({
        url: withDatabase(roles.runtimeUrl, TEMPLATE_DB),
        ownerUrl: withDatabase(roles.ownerUrl, TEMPLATE_DB),
        poolSize: 1,
      })
    : await connect({ url: withDatabase(url, TEMPLATE_DB), poolSize: 1 });
  try {
    if (!roles) await migrate(database);
  } finally {
    await database.close();
  }
}
