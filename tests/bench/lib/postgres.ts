import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';

/**
 * The Postgres server a benchmark runs on: BENCH_DATABASE_URL, else TEST_DATABASE_URL, else a
 * throwaway cluster started here (scripts/postgres.sh) and stopped by `stop()`.
 */
export async function benchServer(
  options: { dir?: string; port?: number } = {},
): Promise<{ url: string; started: boolean; stop(): void }> {
  const given = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
  if (given) return { url: given, started: false, stop: () => {} };
  const dir = path.resolve(options.dir ?? '.data/bench-pg');
  const port = String(options.port ?? 55440);
  const result = spawnSync('bash', ['scripts/postgres.sh', 'start', dir, port], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`could not start PostgreSQL: ${result.stderr.trim()}`);
  return {
    url: result.stdout.trim(),
    started: true,
    stop: () => {
      spawnSync('bash', ['scripts/postgres.sh', 'stop', dir]);
    },
  };
}

export function withDatabaseName(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A new, empty database on the server; `drop()` removes it (connections and all). */
export async function freshDatabase(
  serverUrl: string,
  prefix: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: withDatabaseName(serverUrl, 'postgres') });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  return { url: withDatabaseName(serverUrl, name), drop: () => admin(`drop database if exists ${name} with (force)`) };
}

export interface PlanSummary {
  executionMs: number;
  planningMs: number;
  /** e.g. `Limit > Index Scan (orders_store_created_idx)`: how the database answered. */
  plan: string;
  /** Every scan in the plan, sub-plans included: node type, table and index. */
  scans: PlanScan[];
  /** Tables read by a sequential scan (a plan over `orders` that has one is not index-backed). */
  seqScanned: string[];
}

export interface PlanScan {
  node: string;
  relation?: string;
  index?: string;
}

/** EXPLAIN (ANALYZE, FORMAT JSON) of one statement, with the same parameters the app binds. */
export async function explainAnalyze(
  pool: pg.Pool,
  statement: { sql: string; params: unknown[] },
): Promise<PlanSummary> {
  const result = await pool.query(`explain (analyze, format json) ${statement.sql}`, statement.params as unknown[]);
  const [root] = result.rows[0]['QUERY PLAN'] as Array<{
    'Execution Time': number;
    'Planning Time': number;
    Plan: PlanNode;
  }>;
  const scans = scansOf(root!.Plan);
  return {
    executionMs: root!['Execution Time'],
    planningMs: root!['Planning Time'],
    plan: describePlan(root!.Plan),
    scans,
    seqScanned: [...new Set(scans.filter((s) => /Seq Scan/.test(s.node)).map((s) => s.relation ?? '?'))],
  };
}

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  'Parent Relationship'?: string;
  Plans?: PlanNode[];
}

/** Every node that reads a table or an index, in plan order, down every branch. */
function scansOf(node: PlanNode): PlanScan[] {
  const own: PlanScan[] = node['Node Type'].includes('Scan')
    ? [
        {
          node: node['Node Type'],
          ...(node['Relation Name'] ? { relation: node['Relation Name'] } : {}),
          ...(node['Index Name'] ? { index: node['Index Name'] } : {}),
        },
      ]
    : [];
  return [...own, ...(node.Plans ?? []).flatMap(scansOf)];
}

/** The spine of a plan: node types down the first child, with the index each scan uses. */
function describePlan(node: PlanNode): string {
  const parts: string[] = [];
  const walk = (n: PlanNode, depth: number) => {
    if (n['Parent Relationship'] === 'SubPlan' || n['Parent Relationship'] === 'InitPlan') return;
    parts.push(label(n));
    const children = (n.Plans ?? []).filter(
      (c) => c['Parent Relationship'] !== 'SubPlan' && c['Parent Relationship'] !== 'InitPlan',
    );
    if (depth > 6) return;
    if (children.length > 1) {
      parts.push(`[${children.map((c) => describeInline(c)).join(' + ')}]`);
      return;
    }
    if (children[0]) walk(children[0], depth + 1);
  };
  walk(node, 0);
  return parts.join(' > ');
}

function describeInline(n: PlanNode): string {
  const self = label(n);
  const children = (n.Plans ?? []).filter(
    (c) => c['Parent Relationship'] !== 'SubPlan' && c['Parent Relationship'] !== 'InitPlan',
  );
  if (children.length > 1) return `${self} > [${children.map(describeInline).join(' + ')}]`;
  return children[0] ? `${self} > ${describeInline(children[0])}` : self;
}

/** `Index Scan (orders_created_idx)`, `Seq Scan on orders`, `Sort`. */
function label(n: PlanNode): string {
  if (n['Index Name']) return `${n['Node Type']} (${n['Index Name']})`;
  if (n['Node Type'].includes('Seq Scan') && n['Relation Name']) return `${n['Node Type']} on ${n['Relation Name']}`;
  return n['Node Type'];
}
