import 'server-only';
import pg from 'pg';

/**
 * What the console's runtime role (DATABASE_URL) may do when another role owns the schema
 * (DATABASE_OWNER_URL; README "Database roles"). The audit log's triggers (migration 0001) stop a
 * plain UPDATE, DELETE or TRUNCATE, but a table's owner may disable its triggers — so the role the
 * console runs as owns nothing, and may only read and append the evidence tables.
 *
 * Applied by the owner after every migration, under the migration lock (db/migrate-as-owner.ts):
 * idempotent, and from nothing each time, so a table a later migration adds is covered and a
 * privilege once granted by hand does not linger.
 */

/** Evidence: written once and never changed, by the console least of all (SELECT and INSERT only). */
export const APPEND_ONLY_TABLES = ['audit_log', 'gateway_calls', 'gateway_notifications'] as const;

/** pg-boss's schema (its default name): the worker's queue, installed by the owner (db/job-schema.ts). */
export const JOB_SCHEMA = 'pgboss';

const APP_SCHEMAS = ['public', JOB_SCHEMA] as const;
const ROW_WRITES = 'SELECT, INSERT, UPDATE, DELETE';

export function runtimeGrants(owner: string, runtime: string): string[] {
  const o = pg.escapeIdentifier(owner);
  const r = pg.escapeIdentifier(runtime);
  const appendOnly = APPEND_ONLY_TABLES.map((t) => `public.${pg.escapeIdentifier(t)}`).join(', ');
  const perSchema = APP_SCHEMAS.flatMap((name) => {
    const s = pg.escapeIdentifier(name);
    return [
      `REVOKE ALL ON ALL TABLES IN SCHEMA ${s} FROM ${r}`,
      `REVOKE ALL ON ALL SEQUENCES IN SCHEMA ${s} FROM ${r}`,
      `GRANT USAGE ON SCHEMA ${s} TO ${r}`,
      // Rows only: no TRUNCATE, TRIGGER or REFERENCES, and never ownership.
      `GRANT ${ROW_WRITES} ON ALL TABLES IN SCHEMA ${s} TO ${r}`,
      `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${s} TO ${r}`,
      // Tables the owner creates between two starts (by hand, or pg-boss) get the same at once.
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${o} IN SCHEMA ${s} GRANT ${ROW_WRITES} ON TABLES TO ${r}`,
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${o} IN SCHEMA ${s} GRANT USAGE, SELECT ON SEQUENCES TO ${r}`,
    ];
  });
  return [
    ...perSchema,
    `REVOKE UPDATE, DELETE ON ${appendOnly} FROM ${r}`,
    `GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${pg.escapeIdentifier(JOB_SCHEMA)} TO ${r}`,
  ];
}

/** Grants the runtime role its privileges in one transaction: running instances never see it without. */
export async function grantRuntimeRole(client: pg.ClientBase, roles: { owner: string; runtime: string }) {
  await client.query('begin');
  try {
    for (const statement of runtimeGrants(roles.owner, roles.runtime)) await client.query(statement);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  }
}

/**
 * Refuses a split that protects nothing: a runtime role that is a superuser, can act as the owner,
 * owns the database, a schema or a table of the console — or tables the owner does not own (then
 * its grants would not reach them). Each problem says what to run.
 */
export async function checkRoleSplit(client: pg.ClientBase, roles: { owner: string; runtime: string }): Promise<void> {
  const { rows } = await client.query<{
    superuser: boolean;
    acts_as_owner: boolean;
    owns_database: boolean;
    runtime_owns: string | null;
    not_owners: string | null;
  }>(
    `select r.rolsuper as superuser,
       pg_has_role($1, $2, 'MEMBER') as acts_as_owner,
       pg_has_role($1, d.datdba, 'MEMBER') as owns_database,
       (select string_agg(n.nspname || coalesce('.' || c.relname, ''), ', ' order by n.nspname, c.relname)
          from pg_namespace n left join pg_class c on c.relnamespace = n.oid and pg_has_role($1, c.relowner, 'MEMBER')
         where n.nspname = any($3) and (c.oid is not null or pg_has_role($1, n.nspowner, 'MEMBER'))) as runtime_owns,
       (select string_agg(n.nspname || '.' || c.relname, ', ' order by n.nspname, c.relname)
          from pg_class c join pg_namespace n on n.oid = c.relnamespace
         where n.nspname = any($3) and c.relkind in ('r', 'p', 'v', 'm', 'S')
           and not pg_has_role($2, c.relowner, 'MEMBER')) as not_owners
     from pg_roles r, pg_database d
     where r.rolname = $1 and d.datname = current_database()`,
    [roles.runtime, roles.owner, [...APP_SCHEMAS, 'drizzle']],
  );
  const row = rows[0];
  if (!row) throw new Error(`The role of DATABASE_URL (${roles.runtime}) does not exist.`);
  const problems: string[] = [];
  const rt = roles.runtime;
  if (row.superuser) problems.push(`${rt} is a superuser: ALTER ROLE ${rt} NOSUPERUSER;`);
  if (row.acts_as_owner) problems.push(`${rt} is a member of ${roles.owner}: REVOKE ${roles.owner} FROM ${rt};`);
  if (row.owns_database) problems.push(`${rt} owns the database: ALTER DATABASE … OWNER TO ${roles.owner};`);
  if (row.runtime_owns) {
    problems.push(`${rt} owns ${row.runtime_owns}: REASSIGN OWNED BY ${rt} TO ${roles.owner}; (as a superuser)`);
  } else if (row.not_owners) {
    problems.push(`${roles.owner} does not own ${row.not_owners}: give them to it (ALTER … OWNER TO ${roles.owner})`);
  }
  if (problems.length) {
    throw new Error(
      `DATABASE_URL's role must own nothing and hold only the privileges the console grants it:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
}
