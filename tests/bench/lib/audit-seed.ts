import type pg from 'pg';

/**
 * Bench data for the audit log, made inside the database with generate_series in batches of
 * BATCH rows, on a database where `seedOrders` has run (stores, orders and refunds exist).
 *
 * The mix reads like a year of a busy console: eftPay's payment and refund notifications (~41 %),
 * the automatic checks and jobs (~21 %: reconciling orders and refunds, finishing closes, expiring
 * requests and sessions, sign-in failures), and staff (~38 %: sign-ins and outs, step-ups,
 * refreshing and checking orders, refunds requested, answered and approved, closes, exports, staff
 * changes, refused actions) — about fifty action types, a handful of them rare (a few rows a
 * year), as in lib/ (each `recordAudit` call) and lib/i18n/messages/en/audit.json. `at` runs
 * evenly over the last `days` days, never backwards in id order; one row in ten shares its `at`
 * with the row before (two rows of one transaction). Order rows name an order created about then
 * (its store with it), refund rows a refund requested about then, staff rows one of BENCH_STAFF
 * staff members (created here, `bench-audit-NN@bench.local`), a few of them much busier than the
 * rest.
 *
 * The hash chain (migration 0008, docs/adr/0009). Through the BEFORE INSERT trigger a row costs
 * what its hash costs plus the chain's lookup of the last row, a FOR KEY SHARE lock on its order and
 * every index kept up to date row by row: measured here (2 cores, load 4–5), 1M rows in one
 * INSERT … SELECT took 45 s into an empty log and 77 s into one of 5M rows — 20M that way would
 * be half an hour or more, slower as the log grows. So the seed computes seq, prev_hash and hash
 * itself, exactly as the trigger would (see `createChainAggregate`; each batch checks its first
 * and last rows against the trigger's own `audit_log_row_hash`, and `npm run audit:verify` passes
 * over the seeded log), with the chain trigger kept from firing: as a superuser the seed's session
 * sets `session_replication_role = replica` (no trigger fires in that session only — the chain,
 * the append-only guard and the foreign-key checks, whose values the seed takes from the tables
 * themselves); as the owner it runs `ALTER TABLE audit_log DISABLE TRIGGER zz_audit_log_chain` and
 * enables it again afterwards. Each batch holds the chain's lock (726302) while it appends, so a
 * writer through the trigger meanwhile continues the chain from the seed's last row. Measured:
 * 35–46 s per 1M rows, flat from 1M to 5M (most of it the SHA-256 input text, ~20 µs a row).
 *
 * The secondary indexes (all but the primary key and `seq`) are dropped for the seed and built
 * again from their own definitions afterwards — building an index once is several times faster
 * than keeping it up to date row by row (audit_log_order_idx takes random uuids).
 */
export const BENCH_STAFF = 80;
const BATCH = 1_000_000;
const GENESIS = '0'.repeat(64);
const INT_MAX = 2_147_483_647;

/**
 * The mix, per 10,000 rows: action, entity type, who acts, what the row is about, and its
 * before/after/data (order and refund rows get the record's own numbers added).
 */
type Target = 'order' | 'refund' | 'staff' | 'self' | 'none';
const MIX: Array<[number, string, string, 'staff' | 'eftpay' | 'system', Target, object | null, object | null]> = [
  [3_300, 'order.payment_notified', 'order', 'eftpay', 'order', { status: 'paid', tradeStatus: 'TRADE_SUCCESS' }, null],
  [
    420,
    'refund.notified',
    'refund',
    'eftpay',
    'refund',
    { status: 'succeeded', gatewayStatus: 'REFUND_SUCCESS' },
    null,
  ],
  [380, 'order.payment_notified', 'order', 'eftpay', 'order', { status: 'failed', tradeStatus: 'TRADE_FAIL' }, null],
  [1, 'gateway.discrepancy_detected', 'gateway_discrepancy', 'eftpay', 'order', null, { kind: 'payment_amount' }],
  [1_300, 'order.reconciled', 'order', 'system', 'order', { status: 'paid', tradeStatus: 'TRADE_SUCCESS' }, null],
  [
    200,
    'refund.reconciled',
    'refund',
    'system',
    'refund',
    { status: 'succeeded', gatewayStatus: 'REFUND_SUCCESS' },
    null,
  ],
  [120, 'order.close_finished', 'order', 'system', 'order', { status: 'closed', tradeStatus: 'TRADE_CLOSED' }, null],
  [30, 'order.close_unknown', 'order', 'system', 'order', null, { outcome: 'no_answer' }],
  [25, 'refund.expired', 'refund', 'system', 'refund', { status: 'expired' }, null],
  [300, 'auth.session_expired', 'staff_user', 'system', 'staff', null, { reason: 'idle' }],
  [90, 'auth.sign_in_failed', 'staff_user', 'system', 'staff', null, { why: 'password', failures: 1 }],
  [4, 'auth.locked', 'staff_user', 'system', 'staff', null, { minutes: 15 }],
  [3, 'auth.rate_limited', 'sign_in', 'system', 'none', null, { failures: 20, windowMinutes: 15 }],
  [719, 'auth.signed_in', 'staff_user', 'staff', 'self', null, null],
  [350, 'auth.signed_out', 'staff_user', 'staff', 'self', null, null],
  [300, 'auth.stepped_up', 'staff_user', 'staff', 'self', null, { method: 'password' }],
  [15, 'auth.step_up_failed', 'staff_user', 'staff', 'self', null, { method: 'password' }],
  [40, 'auth.second_factor_used', 'staff_user', 'staff', 'self', null, { method: 'totp' }],
  [5, 'auth.password_changed', 'staff_user', 'staff', 'self', null, null],
  [1, 'auth.password_change_failed', 'staff_user', 'staff', 'self', null, null],
  [1, 'auth.totp_enabled', 'staff_user', 'staff', 'self', null, null],
  [650, 'order.status_refreshed', 'order', 'staff', 'order', { status: 'paid', tradeStatus: 'TRADE_SUCCESS' }, null],
  [550, 'order.status_checked', 'order', 'staff', 'order', null, { tradeStatus: 'TRADE_SUCCESS' }],
  [80, 'order.found_at_eftpay', 'order', 'staff', 'order', { status: 'paid', tradeStatus: 'TRADE_SUCCESS' }, null],
  [6, 'order.find_refused', 'order', 'staff', 'none', null, { why: 'other_store' }],
  [330, 'refund.requested', 'refund', 'staff', 'refund', { status: 'pending', reason: 'customer_request' }, null],
  [320, 'refund.answered', 'refund', 'staff', 'refund', { status: 'succeeded', gatewayStatus: 'REFUND_SUCCESS' }, null],
  [30, 'refund.approved', 'refund', 'staff', 'refund', { status: 'pending' }, null],
  [6, 'refund.rejected', 'refund', 'staff', 'refund', { status: 'rejected' }, { note: 'not this customer' }],
  [5, 'refund.cancelled', 'refund', 'staff', 'refund', { status: 'cancelled' }, null],
  [20, 'refund.status_refreshed', 'refund', 'staff', 'refund', { status: 'succeeded' }, null],
  [160, 'order.close_attempted', 'order', 'staff', 'order', null, { reason: 'abandoned' }],
  [130, 'order.closed', 'order', 'staff', 'order', { status: 'closed', tradeStatus: 'TRADE_CLOSED' }, null],
  [8, 'order.marked_paid', 'order', 'staff', 'order', { status: 'paid', tradeStatus: 'TRADE_SUCCESS' }, null],
  [8, 'order.close_failed', 'order', 'staff', 'order', null, { outcome: 'refused' }],
  [4, 'order.close_refused', 'order', 'staff', 'order', null, { why: 'paid' }],
  [60, 'access.refused', 'page', 'staff', 'none', null, { path: '/staff' }],
  [12, 'action.refused', 'action', 'staff', 'none', null, { action: 'closeOrdersAction' }],
  [10, 'refunds.exported', 'refund', 'staff', 'none', null, { rows: 1200, completed: true }],
  [2, 'audit.exported', 'audit_log', 'staff', 'none', null, { rows: 5000, completed: true }],
  [2, 'staff.language_changed', 'staff_user', 'staff', 'self', { locale: 'zh-HK' }, null],
  [1, 'staff.created', 'staff_user', 'staff', 'staff', { role: 'manager' }, null],
  [1, 'staff.password_reset', 'staff_user', 'staff', 'staff', null, null],
  [1, 'staff.unlocked', 'staff_user', 'staff', 'staff', null, null],
];
/** Near-never actions: one row each per `RARE_EVERY` rows, spread over the year. */
const RARE: Array<[string, string, Target]> = [
  ['staff.role_changed', 'staff_user', 'staff'],
  ['staff.stores_changed', 'staff_user', 'staff'],
  ['staff.deactivated', 'staff_user', 'staff'],
  ['staff.reactivated', 'staff_user', 'staff'],
  ['staff.two_factor_reset', 'staff_user', 'staff'],
  ['refund_policy.changed', 'refund_policy', 'none'],
  ['settings.changed', 'setting', 'none'],
  ['store.terminal_mapped', 'store_terminal', 'none'],
  ['gateway.discrepancy_resolved', 'gateway_discrepancy', 'none'],
];
const RARE_EVERY = 250_000;

export async function seedAudit(
  pool: pg.Pool,
  { rows, days = 365, progress }: { rows: number; days?: number; progress?: (line: string) => void },
): Promise<{ seconds: number }> {
  const started = performance.now();
  const say = (line: string) => progress?.(`${((performance.now() - started) / 1000).toFixed(1)} s: ${line}`);
  const client = await pool.connect();
  const q = (text: string, values?: unknown[]) => client.query(text, values);
  let triggerDisabled = false;
  const dropped: string[] = [];
  try {
    const { rows: who } = await q('select rolsuper from pg_roles where rolname = current_user');
    if (who[0]?.rolsuper) await q('set session_replication_role = replica');
    else {
      await q('alter table audit_log disable trigger zz_audit_log_chain');
      triggerDisabled = true;
    }
    await createStaff(q);
    await createLookups(q, days);
    await createChainAggregate(q);

    const { rows: indexes } = await q(
      `select indexname, indexdef from pg_indexes
       where schemaname = 'public' and tablename = 'audit_log'
         and indexname not in ('audit_log_pkey', 'audit_log_seq_key')`,
    );
    for (const index of indexes) {
      await q(`drop index ${index.indexname}`);
      dropped.push(index.indexdef);
    }

    // The batch is sorted once, into seq order, for the chain: in memory (~400 MB at 1M rows).
    await q("set work_mem = '1GB'");
    const { rows: counts } = await q(
      `select (select count(*) from bench_orders)::int as orders, (select count(*) from bench_refunds)::int as refunds,
              (select count(*) from bench_staff)::int as staff,
              -- Reserve the ids: a writer through the trigger meanwhile takes the ones after them.
              setval(pg_get_serial_sequence('audit_log', 'id'),
                     greatest(coalesce((select max(id) from audit_log), 0), nextval(pg_get_serial_sequence('audit_log', 'id')))
                     + $1::bigint) - $1::bigint as id_base`,
      [rows],
    );
    const { orders, refunds, staff, id_base: idBase } = counts[0];
    const start = new Date(Date.now() - days * 86_400_000);
    const spacingSeconds = (days * 86_400) / rows;
    for (let lo = 1; lo <= rows; lo += BATCH) {
      const hi = Math.min(rows, lo + BATCH - 1);
      await insertBatch(q, {
        lo,
        hi,
        total: rows,
        idBase: Number(idBase),
        start,
        spacingSeconds,
        staff,
        orders,
        refunds,
      });
      say(`rows ${lo.toLocaleString('en')}–${hi.toLocaleString('en')} chained and appended`);
    }

    await q("set maintenance_work_mem = '512MB'");
    while (dropped.length) {
      const indexdef = dropped[0]!;
      await q(indexdef);
      dropped.shift();
      say(indexdef.replace(/ ON public\.audit_log USING btree/, ''));
    }
    await q('vacuum analyze audit_log');
    say('vacuum analyze');
    await q('analyze staff_users');
  } finally {
    // An index that could not be built again (a failed run) is built now, or the error says so.
    for (const indexdef of dropped) await q(indexdef).catch(() => {});
    if (triggerDisabled) await q('alter table audit_log enable trigger zz_audit_log_chain');
    // The session's settings and temp tables (lookups, the chain aggregate) end with it.
    client.release(true);
  }
  return { seconds: Math.round((performance.now() - started) / 100) / 10 };
}

type Query = (text: string, values?: unknown[]) => Promise<pg.QueryResult>;

async function createStaff(q: Query) {
  await q(
    `insert into staff_users (email, name, password_hash, role, created_at, updated_at)
     select 'bench-audit-' || lpad(g::text, 2, '0') || '@bench.local', 'Bench Staff ' || lpad(g::text, 2, '0'),
            '$argon2id$v=19$m=19456,t=2,p=1$YmVuY2g$bm90LWEtcmVhbC1oYXNo',
            (case when g <= 4 then 'admin' when g <= 8 then 'finance' when g <= 20 then 'supervisor'
                  else 'manager' end)::staff_role,
            now() - interval '400 days', now() - interval '400 days'
     from generate_series(1, ${BENCH_STAFF}) g
     on conflict (email) do nothing`,
  );
}

/** Numbered lookups the generator joins on: orders and refunds in time order, staff, the mix. */
async function createLookups(q: Query, days: number) {
  await q(
    `create temp table bench_orders as
           select row_number() over (order by created_at, id)::int as n, id, store_id, amount_cents, wallet::text
           from orders where created_at > now() - make_interval(days => $1::int)`,
    [days],
  );
  await q(
    `create temp table bench_refunds as
           select row_number() over (order by r.requested_at, r.id)::int as n, r.id, r.order_id, o.store_id,
                  r.refund_no, r.amount_cents
           from refunds r join orders o on o.id = r.order_id
           where r.requested_at > now() - make_interval(days => $1::int)`,
    [days],
  );
  // A few staff members do much of the work (the busy stores' managers), as in a real shop.
  await q(`create temp table bench_staff as
           select (row_number() over (order by email) - 1)::int as n, id, email
           from staff_users where email like 'bench-audit-%@bench.local'`);
  const slots: string[] = [];
  let slot = 0;
  for (const [weight, action, entityType, actorKind, target, after, data] of MIX) {
    slots.push(
      `(${slot}, ${slot + weight - 1}, '${action}', '${entityType}', '${actorKind}', '${target}', ${json(after)}, ${json(data)})`,
    );
    slot += weight;
  }
  if (slot !== 10_000) throw new Error(`the audit mix adds up to ${slot}, not 10,000`);
  await q(`create temp table bench_mix (lo int, hi int, action text, entity_type text, actor_kind actor_kind,
           target text, after jsonb, data jsonb)`);
  await q(`insert into bench_mix values ${slots.join(', ')}`);
  await q(`create temp table bench_mix_slot as
           select s as slot, m.* from bench_mix m, generate_series(m.lo, m.hi) s`);
  for (const table of ['bench_orders', 'bench_refunds', 'bench_staff', 'bench_mix_slot']) await q(`analyze ${table}`);
  const { rows } = await q(
    'select (select count(*) from bench_orders)::int as orders, (select count(*) from bench_refunds)::int as refunds',
  );
  if (!rows[0].orders || !rows[0].refunds) throw new Error('seedAudit needs seedOrders first (no orders or refunds)');
}

const json = (value: object | null) => (value ? `'${JSON.stringify(value)}'::jsonb` : 'null');

/**
 * The chain, as the trigger computes it (migration 0008 `audit_log_row_hash`): SHA-256 of the
 * canonical text, sixteen `audit_log_chain_field`s of which only the last, `prev_hash`, depends
 * on the chain. So the first fifteen are made set-based with the rows (`CHAIN_PREFIX`), and
 * what runs row by row in seq order is one SHA-256 — a running aggregate whose state is the
 * previous row's hash. Each batch then checks its first and last rows against the trigger's own
 * function, so a drift from migration 0008 stops the seed rather than yields a broken chain.
 * Session-local (pg_temp): nothing is left behind.
 */
async function createChainAggregate(q: Query) {
  await q(`create function pg_temp.bench_audit_chain_step(state text, prefix bytea, genesis text) returns text
           language plpgsql immutable as $$
           begin
             -- The prev_hash field: 64 hex characters (a SHA-256, or the genesis zeros).
             return encode(sha256(prefix || convert_to('64:' || coalesce(state, genesis) || E'\\n', 'UTF8')), 'hex');
           end $$`);
  await q(
    `create aggregate pg_temp.bench_audit_chain(bytea, text) (sfunc = pg_temp.bench_audit_chain_step, stype = text)`,
  );
}

/** The hashed fields but `prev_hash`, in migration 0008's order, of the row `src`. */
const CHAIN_PREFIX = `convert_to(${[
  'src.seq::text',
  'src.id::text',
  `to_char(src.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
  'src.actor_kind::text',
  'src.actor_staff_id::text',
  'src.action',
  'src.entity_type',
  'src.entity_id',
  'src.order_id::text',
  'src.store_id::text',
  'src.ip',
  'src.user_agent',
  'src.before::text',
  'src.after::text',
  'src.data::text',
]
  .map((field) => `public.audit_log_chain_field(${field})`)
  .join(' || ')}, 'UTF8')`;

async function insertBatch(q: Query, batch: Batch) {
  await q('begin');
  try {
    await q('select pg_advisory_xact_lock(726302)');
    const { rows: head } = await q(
      `select coalesce((select seq from audit_log order by seq desc limit 1), 0)::bigint as seq,
              coalesce((select hash from audit_log order by seq desc limit 1), $1) as hash`,
      [GENESIS],
    );
    const { seq, hash } = head[0];
    await q(
      `insert into audit_log (id, at, actor_kind, actor_staff_id, action, entity_type, entity_id, order_id, store_id,
                              ip, user_agent, before, after, data, seq, prev_hash, hash)
       select id, at, actor_kind, actor_staff_id, action, entity_type, entity_id, order_id, store_id, ip, user_agent,
              before, after, data, seq, coalesce(lag(hash) over (order by seq), $3), hash
       from (
         select src.*,
                pg_temp.bench_audit_chain(${CHAIN_PREFIX}, $3) over (order by src.seq) as hash
         from (
           select $4::bigint + g as id, t.at, p.kind as actor_kind,
                  case when p.kind = 'staff' then st.id end as actor_staff_id,
                  p.action, p.entity_type,
                  case p.target when 'order' then o.id::text when 'refund' then rf.id::text
                    when 'staff' then subject.id::text when 'self' then st.id::text end as entity_id,
                  case p.target when 'order' then o.id when 'refund' then rf.order_id end as order_id,
                  case p.target when 'order' then o.store_id when 'refund' then rf.store_id end as store_id,
                  case when p.kind = 'eftpay' then '47.91.' || (h.b % 4) || '.' || (10 + h.b % 40)
                       when p.kind = 'staff' or p.action like 'auth.%'
                         then '10.' || (1 + h.b % 10) || '.' || (h.b / 10 % 250) || '.' || (2 + h.b / 2500 % 250) end as ip,
                  case when p.kind = 'staff' or p.action like 'auth.%' then (array[
                    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
                    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
                    'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15'
                  ])[1 + h.b % 3] end as user_agent,
                  case when p.target in ('order', 'refund') and p.after is not null
                    then jsonb_build_object('status', case p.target when 'order' then 'unpaid' else 'pending' end) end as before,
                  case when p.action = 'order.payment_notified'
                         then p.after || jsonb_build_object('amountCents', o.amount_cents, 'wallet', o.wallet)
                       else p.after end as after,
                  case when p.target = 'refund'
                         then coalesce(p.data, '{}') || jsonb_build_object('refundNo', rf.refund_no, 'amountCents', rf.amount_cents)
                       when p.action like 'auth.%'
                         then coalesce(p.data, '{}') || jsonb_build_object('email', case p.target when 'self' then st.email else subject.email end)
                       else p.data end as data,
                  $1::bigint + g - $5::bigint + 1 as seq
           from generate_series($5::bigint, $6::bigint) g
           cross join lateral (
             select hashtext('m' || g) & ${INT_MAX} as a, hashtext('b' || g) & ${INT_MAX} as b,
                    hashtext('s' || g) & ${INT_MAX} as s,
                    -- One row in ten is the second row of a transaction: the same time as the one before.
                    case when hashtext('t' || g) % 10 = 0 then g - 1 else g end as tick
           ) h
           -- Evenly over the period, never backwards: row g within 90 % of its own time slot.
           cross join lateral (
             select $7::timestamptz + make_interval(secs => (h.tick - 1 + (hashtext('u' || h.tick) & ${INT_MAX}) % 900000 / 1e6) * $8::float8) as at
           ) t
           join bench_mix_slot m on m.slot = h.a % 10000
           left join lateral (
             select r.action, r.entity_type, r.target
             from (values ${RARE.map(([a, e, t]) => `('${a}', '${e}', '${t}')`).join(', ')}) as r(action, entity_type, target)
             where g % ${RARE_EVERY} = 1 + (hashtext(r.action) & ${INT_MAX}) % (${RARE_EVERY} - 1)
             limit 1
           ) rare on true
           cross join lateral (
             select coalesce(rare.action, m.action) as action, coalesce(rare.entity_type, m.entity_type) as entity_type,
                    case when rare.action is null then m.actor_kind else 'staff' end::actor_kind as kind,
                    coalesce(rare.target, m.target) as target,
                    case when rare.action is null then m.after end as after,
                    case when rare.action is null then m.data else '{"note": "bench"}' end::jsonb as data
           ) p
           -- An eighth of the staff rows come from the four busiest people; the rest from anyone.
           join bench_staff st on st.n = case when h.s % 8 = 0 then 20 + h.s / 8 % 4 else h.s / 8 % $9::int end
           join bench_staff subject on subject.n = h.s / 1000 % $9::int
           -- The order (refund) of about this time: its events follow it within a day or so.
           join bench_orders o on o.n = greatest(1, least($10::int, (g::float8 / $2 * $10)::int - h.b % 3000))
           join bench_refunds rf on rf.n = greatest(1, least($11::int, (g::float8 / $2 * $11)::int - h.b % 500))
         ) src
       ) chained
       order by seq`,
      [
        seq,
        batch.total,
        hash,
        batch.idBase,
        batch.lo,
        batch.hi,
        batch.start,
        batch.spacingSeconds,
        batch.staff,
        batch.orders,
        batch.refunds,
      ],
    );
    const { rows: wrong } = await q(
      `select seq from audit_log a where seq in ($1::bigint + 1, $1::bigint + $2::bigint - $3::bigint + 1)
         and (hash is distinct from public.audit_log_row_hash(a)
              or prev_hash is distinct from coalesce((select p.hash from audit_log p where p.seq = a.seq - 1), $4))`,
      [seq, batch.hi, batch.lo, GENESIS],
    );
    if (wrong.length) throw new Error(`the seeded chain differs from the trigger's at seq ${wrong[0].seq}`);
    await q('commit');
  } catch (error) {
    await q('rollback');
    throw error;
  }
}

interface Batch {
  lo: number;
  hi: number;
  total: number;
  /** Row g gets id idBase + g (ids reserved at the start). */
  idBase: number;
  start: Date;
  spacingSeconds: number;
  staff: number;
  orders: number;
  refunds: number;
}
