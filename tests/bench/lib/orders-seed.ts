import type pg from 'pg';

/**
 * Bench data for the orders list, made inside the database with generate_series (1M orders in
 * ~25 s on 2 cores, indexes included). Shapes follow real traffic closely enough for the planner:
 * ~2,700 orders a day over a year; ten stores plus 5 % on an unmapped terminal; eight wallets;
 * statuses 70 % paid, 13 % refunded in part or full, 8 % closed, 5 % unpaid, 4 % failed;
 * amounts HKD 1.00 – 5,000.00. All three ids embed the time, as real ones do — which is what
 * makes prefix searches interesting (a day's numbers sit together, far down the time index).
 *   ours:    B03-20260815-0123456   (store, HK day, sequence)
 *   eftPay:  EP20260815143012456    (HK time to the second + 3 digits)
 *   wallet:  2026081522001 + 12 digits (Alipay-like)
 */
export const BENCH_STORE_COUNT = 10;
export const REFUNDERS_PER_STORE = 3;

export async function seedOrders(client: pg.Pool, { orders, days }: { orders: number; days: number }): Promise<void> {
  await client.query(`
    insert into stores (code, name)
    select 'B' || lpad(g::text, 2, '0'), 'Bench store ' || lpad(g::text, 2, '0')
    from generate_series(1, ${BENCH_STORE_COUNT}) g`);
  await client.query(
    `insert into store_terminals (tid, store_id) select 'T-' || code || '-01', id from stores where code like 'B__'`,
  );
  const spacing = (days * 86_400) / orders;
  await client.query(
    `
    insert into orders (out_trade_no, eftpay_trade_no, transaction_id, wallet, tid, store_id, amount_cents,
                        subject, status, gateway_status, refunded_cents, created_at, paid_at, closed_at, updated_at)
    select
      coalesce(code, 'UNM') || '-' || to_char(hk, 'YYYYMMDD') || '-' || lpad(g::text, 7, '0'),
      case when st <> 'unpaid' or g % 3 = 0 then 'EP' || to_char(hk, 'YYYYMMDDHH24MISS') || lpad((g % 1000)::text, 3, '0') end,
      case when st in ('paid', 'partly_refunded', 'fully_refunded')
        then to_char(hk, 'YYYYMMDD') || '22001' || lpad(((g::bigint * 7919) % 1000000000000)::text, 12, '0') end,
      (array['ALIPAYHK','ALIPAYHK','ALIPAYCN','WECHATHK','WECHATCN','PAYME','UNIONPAY','ATOME'])[1 + wallet_no]::wallet,
      coalesce('T-' || code || '-01', 'T-UNMAPPED-1'),
      store_id, amt, 'Bench order', st::order_status,
      case st when 'unpaid' then 'WAIT_BUYER_PAY' when 'closed' then 'TRADE_CLOSED' when 'failed' then 'TRADE_FAIL'
              else 'TRADE_SUCCESS' end,
      case st when 'fully_refunded' then amt when 'partly_refunded' then amt / 2 else 0 end,
      ts,
      case when st in ('paid', 'partly_refunded', 'fully_refunded') then ts + interval '40 seconds' end,
      case when st = 'closed' then ts + interval '20 minutes' end,
      ts
    from (
      select g, ts, ts at time zone 'Asia/Hong_Kong' as hk, amt, st, wallet_no, s.code, s.id as store_id
      from (
        select g,
          now() - (($1::int - g) * make_interval(secs => $2::float8)) as ts,
          -- Independent pseudo-random draws per attribute (hashes, not g modulo something, which
          -- would tie store, wallet and status together and leave some combinations empty).
          case when h.s % 20 = 0 then null else 1 + (h.s / 20) % ${BENCH_STORE_COUNT} end as store_no,
          100 + h.a % 499901 as amt,
          h.w % 8 as wallet_no,
          case when h.t % 100 < 70 then 'paid' when h.t % 100 < 78 then 'fully_refunded'
               when h.t % 100 < 83 then 'partly_refunded' when h.t % 100 < 91 then 'closed'
               when h.t % 100 < 96 then 'unpaid' else 'failed' end as st
        from generate_series(1, $1::int) g,
        lateral (select abs(hashtext('s' || g)) as s, abs(hashtext('a' || g)) as a,
                        abs(hashtext('w' || g)) as w, abs(hashtext('t' || g)) as t) h
      ) x
      left join stores s on s.code = 'B' || lpad(x.store_no::text, 2, '0')
    ) y`,
    [orders, spacing],
  );
  // Who refunds: three managers per store, who cannot sign in (no password hash argon2 accepts).
  await client.query(`
    insert into staff_users (email, name, password_hash, role)
    select 'refunder-' || lower(s.code) || '-' || n || '@bench.local', 'Refunder ' || s.code || '-' || n,
           'bench-no-sign-in', 'manager'
    from stores s, generate_series(1, ${REFUNDERS_PER_STORE}) n where s.code like 'B__'`);
  await client.query(`
    insert into staff_stores (staff_id, store_id)
    select u.id, s.id from staff_users u join stores s on u.email like 'refunder-' || lower(s.code) || '-%'`);
  // ~150k refunds per 1M orders: one per refunded order, plus a failed attempt on every 40th paid
  // order; asked for by one of the store's refunders (an unmapped terminal's by nobody), for the
  // reasons counters give most, finished 30 s later.
  await client.query(`
    insert into refunds (order_id, refund_no, idempotency_key, amount_cents, reason, status, gateway_api,
                         gateway_status, requested_by, requested_at, completed_at, updated_at)
    select r.id, 'RF' || lpad(n::text, 10, '0'), 'bench-' || n, amt,
           (case when h % 100 < 55 then 'customer_request' when h % 100 < 75 then 'returned_goods'
                 when h % 100 < 83 then 'duplicate_payment' when h % 100 < 90 then 'wrong_amount'
                 when h % 100 < 96 then 'service_problem' else 'other' end)::refund_reason,
           st::refund_status, 'app-refund', case st when 'succeeded' then 'REFUND_SUCCESS' else 'REFUND_FAIL' end,
           u.id, at, at + interval '30 seconds', at + interval '30 seconds'
    from (
      select o.id, o.store_id, row_number() over () as n, abs(hashtext('r' || o.id::text)) as h,
        case when status = 'paid' then amount_cents else refunded_cents end as amt,
        case when status = 'paid' then 'failed' else 'succeeded' end as st,
        created_at + interval '2 days' as at
      from orders o
      where status in ('partly_refunded', 'fully_refunded')
         or (status = 'paid' and abs(hashtext(id::text)) % 40 = 0)
    ) r
    left join stores s on s.id = r.store_id
    left join staff_users u
      on u.email = 'refunder-' || lower(s.code) || '-' || (1 + (r.h / 100) % ${REFUNDERS_PER_STORE}) || '@bench.local'`);
  await client.query('vacuum analyze refund_days');
  await client.query('vacuum analyze refund_days_detail');
  await client.query('vacuum analyze orders');
  await client.query('vacuum analyze refunds');
  await client.query('analyze stores');
}
