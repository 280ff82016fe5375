import { sql } from 'drizzle-orm';
import type { Db } from '@/db/connect';
import type { PlannedOrder } from './plan';

/**
 * Demo only. The seed replays ninety days of trade in about a minute through the console's real
 * verbs and notification endpoint, and every row they write is stamped with the moment it is
 * written — including the audit rows that make up an order's timeline, which are append-only
 * (migration 0001) and so cannot be moved afterwards. While the seed runs, BEFORE triggers give
 * the rows of the seeded orders the moments the plan says instead: the order's creation, the
 * moment the console heard of it, each refund's request, eftPay's answer and its completion. Only
 * rows named in the clock table — the seeded orders' numbers and the refund forms' keys — are
 * touched; sign-ins, anything else the console does meanwhile, and everything after the seed keep
 * their real time (a refund still in flight when the seed ends settles at the real time it does).
 * The triggers, their functions and the table are dropped when the seed ends (docs/adr/0010).
 */

const TABLE = 'demo_seed_clock';

const FUNCTIONS = {
  orders: `CREATE OR REPLACE FUNCTION demo_seed_clock_order() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE c ${TABLE}%ROWTYPE;
BEGIN
  SELECT * INTO c FROM ${TABLE} WHERE key = NEW.out_trade_no;
  IF FOUND THEN
    NEW.created_at := c.created_at;
    NEW.updated_at := c.seen_at;
    IF NEW.closed_at IS NOT NULL THEN NEW.closed_at := c.seen_at; END IF;
  END IF;
  RETURN NEW;
END $$`,
  refunds: `CREATE OR REPLACE FUNCTION demo_seed_clock_refund() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE c ${TABLE}%ROWTYPE;
BEGIN
  SELECT * INTO c FROM ${TABLE} WHERE key = NEW.idempotency_key;
  IF NOT FOUND THEN RETURN NEW; END IF;
  IF TG_OP = 'INSERT' THEN
    NEW.requested_at := c.seen_at;
    NEW.updated_at := c.seen_at;
  ELSIF NEW.completed_at IS NOT NULL AND OLD.completed_at IS NULL AND c.settled_at IS NOT NULL THEN
    NEW.completed_at := c.settled_at;
    NEW.updated_at := c.settled_at;
  END IF;
  RETURN NEW;
END $$`,
  audit_log: `CREATE OR REPLACE FUNCTION demo_seed_clock_audit() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE c ${TABLE}%ROWTYPE;
BEGIN
  IF NEW.entity_type = 'refund' AND NEW.action IN ('refund.requested', 'refund.answered', 'refund.notified')
     AND NEW.entity_id ~ '^[0-9a-f-]{36}$' THEN
    SELECT k.* INTO c FROM ${TABLE} k JOIN refunds r ON r.idempotency_key = k.key WHERE r.id = NEW.entity_id::uuid;
    IF FOUND THEN
      NEW.at := CASE NEW.action
        WHEN 'refund.requested' THEN c.seen_at
        WHEN 'refund.answered' THEN c.answered_at
        ELSE coalesce(c.settled_at, NEW.at) END;
    END IF;
  ELSIF NEW.entity_type = 'order' AND NEW.order_id IS NOT NULL
     AND NEW.action IN ('order.payment_notified', 'order.reconciled', 'order.found_at_eftpay') THEN
    SELECT k.* INTO c FROM ${TABLE} k JOIN orders o ON o.out_trade_no = k.key WHERE o.id = NEW.order_id;
    IF FOUND THEN NEW.at := c.seen_at; END IF;
  END IF;
  RETURN NEW;
END $$`,
} as const;

const TRIGGERS = [
  ['orders', 'demo_seed_clock_order', 'INSERT'],
  ['refunds', 'demo_seed_clock_refund', 'INSERT OR UPDATE'],
  ['audit_log', 'demo_seed_clock_audit', 'INSERT'],
] as const;

interface ClockRow {
  key: string;
  created_at: string | null;
  seen_at: string;
  answered_at: string | null;
  settled_at: string | null;
}

function rowsOf(plan: readonly PlannedOrder[]): ClockRow[] {
  const iso = (at: Date | null | undefined) => at?.toISOString() ?? null;
  return plan.flatMap((order) => [
    {
      key: order.outTradeNo,
      created_at: iso(order.createdAt),
      seen_at: iso(order.seenAt)!,
      answered_at: null,
      settled_at: null,
    },
    ...order.refunds.map((r) => ({
      key: r.key,
      created_at: null,
      seen_at: iso(r.at)!,
      answered_at: iso(r.answeredAt),
      settled_at: iso(r.settledAt),
    })),
  ]);
}

/**
 * Installs the triggers and fills the clock with the plan's moments; call `removeStoryClock` after.
 * `owner`: when the console's role owns nothing (DATABASE_OWNER_URL), the schema's owner does the
 * DDL and lets the console's role read the clock, which its own inserts consult.
 */
export async function installStoryClock(db: Db, plan: readonly PlannedOrder[], owner?: Db): Promise<void> {
  const ddl = owner ?? db;
  await removeStoryClock(ddl); // a seed that died half-way
  await ddl.execute(
    sql.raw(`CREATE TABLE ${TABLE} (key text PRIMARY KEY, created_at timestamptz, seen_at timestamptz NOT NULL,
      answered_at timestamptz, settled_at timestamptz)`),
  );
  if (owner) {
    const result = (await db.execute(sql`select current_user as name`)) as unknown as { rows: Array<{ name: string }> };
    const role = result.rows[0]!.name;
    await owner.execute(sql.raw(`GRANT SELECT ON ${TABLE} TO "${role.replaceAll('"', '""')}"`));
  }
  const rows = rowsOf(plan);
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = JSON.stringify(rows.slice(i, i + 1000));
    await ddl.execute(sql`insert into ${sql.raw(TABLE)} select * from json_to_recordset(${chunk}::json)
      as x(key text, created_at timestamptz, seen_at timestamptz, answered_at timestamptz, settled_at timestamptz)`);
  }
  for (const body of Object.values(FUNCTIONS)) await ddl.execute(sql.raw(body));
  for (const [table, fn, events] of TRIGGERS) {
    await ddl.execute(
      sql.raw(`CREATE TRIGGER ${fn} BEFORE ${events} ON ${table} FOR EACH ROW EXECUTE FUNCTION ${fn}()`),
    );
  }
}

/** Drops the triggers, their functions and the clock (as the schema's owner, when that is another role). */
export async function removeStoryClock(db: Db): Promise<void> {
  for (const [table, fn] of TRIGGERS) {
    await db.execute(sql.raw(`DROP TRIGGER IF EXISTS ${fn} ON ${table}`));
    await db.execute(sql.raw(`DROP FUNCTION IF EXISTS ${fn}()`));
  }
  await db.execute(sql.raw(`DROP TABLE IF EXISTS ${TABLE}`));
}
