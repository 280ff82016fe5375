import { connect, migrate } from '@/db/connect';
import { requireServerUrl, TEMPLATE_DB, withAdmin, withDatabase } from './db';

/** Builds the migrated template database that every Postgres test file clones. */
export default async function setup() {
  const url = requireServerUrl();
  await withAdmin(url, async (c) => {
    await c.query(`drop database if exists ${TEMPLATE_DB} with (force)`);
    await c.query(`create database ${TEMPLATE_DB}`);
  });
  const database = await connect({ url: withDatabase(url, TEMPLATE_DB), poolSize: 1 });
  try {
    await migrate(database);
  } finally {
    await database.close();
  }
}
