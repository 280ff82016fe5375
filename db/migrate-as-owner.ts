import 'server-only';
import type pg from 'pg';
import { connect, migrate } from './connect';
import { checkRoleSplit, grantRuntimeRole } from './grants';
import { installJobSchema } from './job-schema';

export interface SessionIdentity {
  role: string;
  database: string;
}

export async function whoAmI(pool: pg.Pool): Promise<SessionIdentity> {
  const { rows } = await pool.query<SessionIdentity>('select current_user as role, current_database() as database');
  return rows[0]!;
}

/**
 * The start-up migration when two roles are configured (README "Database roles"): as the owner
 * (DATABASE_OWNER_URL) — the schema's migrations, pg-boss's schema, then the runtime role's grants,
 * all under the migration lock so that instances starting together take turns. Refuses a split
 * that protects nothing (db/grants.ts) before changing anything. Returns the owner's role name.
 */
export async function migrateAsOwner(ownerUrl: string, runtime: SessionIdentity): Promise<string> {
  const owner = await connect({ url: ownerUrl, poolSize: 1 });
  try {
    const me = await whoAmI(owner.pool!);
    if (me.database !== runtime.database) {
      throw new Error(
        `DATABASE_OWNER_URL opens the database ${me.database} and DATABASE_URL ${runtime.database}: both must name the console's database.`,
      );
    }
    if (me.role === runtime.role) {
      throw new Error(
        `DATABASE_OWNER_URL and DATABASE_URL both sign in as ${me.role}: the owner must be another role (or leave DATABASE_OWNER_URL unset).`,
      );
    }
    const roles = { owner: me.role, runtime: runtime.role };
    const client = await owner.pool!.connect();
    await checkRoleSplit(client, roles).finally(() => client.release());
    await migrate(owner, async (client) => {
      await installJobSchema(ownerUrl);
      await grantRuntimeRole(client, roles);
    });
    return me.role;
  } finally {
    await owner.close();
  }
}
