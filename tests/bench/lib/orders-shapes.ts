import type pg from 'pg';
import type { OrderListFilters } from '@/lib/orders/filters';
import { MIN_SUFFIX_LENGTH } from '@/lib/orders/search';
import { hkDayRange, hkPreset } from '@/lib/time/hk';

/** One search of the orders list as the bench runs it, and what its answer must hold. */
export interface Shape {
  name: string;
  filters: OrderListFilters;
  /** The same search as URL parameters, for the page. */
  query: Record<string, string>;
  deep?: boolean;
  /**
   * What the first page must show, checked on every run's last answer: `target` — the order the
   * input was taken from; `rows` — at least one order; `none` — nothing (a miss).
   */
  expect?: 'target' | 'rows' | 'none';
  /** Also timed through the page (a production build). */
  page?: boolean;
}

/** The order a customer shows at the counter: the one whose numbers the search shapes type. */
export interface Target {
  id: string;
  out_trade_no: string;
  eftpay_trade_no: string;
  transaction_id: string;
  amount_cents: number;
}

export const DEEP_PAGE = 500;

/**
 * A paid order of the manager's store from about three months ago, whose amount has a trailing
 * zero (HK$184.70), so that "184.70", "184.7" and "HK$184.70" are three different spellings.
 */
export async function pickTarget(pool: pg.Pool, storeId: string): Promise<Target> {
  const { rows } = await pool.query(
    `select id, out_trade_no, eftpay_trade_no, transaction_id, amount_cents from orders
     where store_id = $1 and status = 'paid' and created_at < now() - interval '90 days'
       and amount_cents % 10 = 0 and amount_cents % 100 <> 0
     order by created_at desc limit 1`,
    [storeId],
  );
  if (!rows[0]) throw new Error('no paid order three months back to search for');
  return rows[0] as Target;
}

/**
 * A wallet id's last 8 characters with one digit misread: a suffix search that matches nothing.
 * Checked against every number in the table (prefix and suffix, any case), not assumed.
 */
export async function pickSuffixMiss(pool: pg.Pool, target: Target): Promise<string> {
  const tail = target.transaction_id.slice(-8);
  for (let digit = 0; digit < 9; digit += 1) {
    const candidate = `${(Number(tail[0]) + 1 + digit) % 10}${tail.slice(1)}`;
    const { rows } = await pool.query(
      `select exists (
         select 1 from orders where reverse(upper(out_trade_no)) like reverse($1) || '%'
           or reverse(upper(eftpay_trade_no)) like reverse($1) || '%'
           or reverse(upper(transaction_id)) like reverse($1) || '%'
           or upper(out_trade_no) like $1 || '%' or upper(eftpay_trade_no) like $1 || '%'
           or upper(transaction_id) like $1 || '%') as hit`,
      [candidate],
    );
    if (!rows[0].hit) return candidate;
  }
  throw new Error(`every misreading of ${tail} matches an order`);
}

export function orderShapes(target: Target, miss: string, storeId: string): Shape[] {
  const ours = target.out_trade_no; // B03-20260815-0123456
  const eftpay = target.eftpay_trade_no; // EP20260815143012456
  const wallet = target.transaction_id; // 2026081522001 + 12 digits
  const amount = (target.amount_cents / 100).toFixed(2); // 184.70
  const search = (name: string, q: string, expect: Shape['expect'], page = false): Shape => ({
    name,
    filters: { q },
    query: { q },
    expect,
    page,
  });
  const hk = (d: Date) => d.toLocaleString('sv-SE', { timeZone: 'Asia/Hong_Kong' }).slice(0, 10);
  const month = hkPreset('thisMonth');
  const last30 = { from: hk(new Date(Date.now() - 29 * 86_400_000)), to: hk(new Date()) };
  if (MIN_SUFFIX_LENGTH > 4) throw new Error('the last-4 shape assumes suffixes from 4 characters');
  return [
    { name: 'first page, no filter', filters: {}, query: {}, expect: 'rows', page: true },
    search('exact: our no.', ours, 'target', true),
    search('exact: our no., lower case', ours.toLowerCase(), 'target', true),
    search('exact: eftPay no.', eftpay, 'target'),
    search('exact: eftPay no., lower case', eftpay.toLowerCase(), 'target'),
    search('exact: wallet txn id', wallet, 'target'),
    // Our number up to the day: every order of the store that day (~270 at 1M).
    search('prefix: our no. (store-day)', ours.slice(0, 12), 'rows'),
    search('prefix: our no., lower case', ours.slice(0, 12).toLowerCase(), 'rows'),
    // The first 12 characters of eftPay's number: that hour's orders, three months back.
    search('prefix: eftPay no. (an hour)', eftpay.slice(0, 12), 'rows', true),
    search('prefix: eftPay no., lower case', eftpay.slice(0, 12).toLowerCase(), 'rows'),
    // Date and issuer: that day's paid orders (~2,300 at 1M, still a narrow search).
    search('prefix: wallet txn id (a day)', wallet.slice(0, 13), 'rows'),
    // Four characters: every order of the store, walked newest first (a broad search).
    search('prefix: broad (store code)', ours.slice(0, 4), 'rows'),
    // The last characters a customer reads out from a receipt.
    search('suffix: our no. (last 6)', ours.slice(-6), 'target'),
    search('suffix: our no. (last 4)', ours.slice(-4), 'rows'),
    search('suffix: eftPay no. (last 6)', eftpay.slice(-6), 'target'),
    search('suffix: wallet txn id (last 6)', wallet.slice(-6), 'target', true),
    search('suffix: miss (last 8, misread)', miss, 'none'),
    // The amount as typed into the box: that amount's orders, newest first.
    search(`amount: ${amount}`, amount, 'target'),
    search(`amount: ${amount.replace(/0$/, '')}`, amount.replace(/0$/, ''), 'target'),
    search(`amount: HK$${amount}`, `HK$${amount}`, 'target', true),
    {
      name: 'status + store + date range',
      filters: { status: 'failed', storeId, ...range(last30.from, last30.to) },
      query: { status: 'failed', store: storeId, from: last30.from, to: last30.to },
      expect: 'rows',
      page: true,
    },
    {
      name: 'status + store + this month',
      filters: { status: 'partly_refunded', storeId, ...range(month.from, month.to) },
      query: { status: 'partly_refunded', store: storeId, range: 'thisMonth' },
      // No expectation: in a month's first hours there may be none yet.
    },
    {
      name: 'wallet + status',
      filters: { wallet: 'PAYME', status: 'unpaid' },
      query: { wallet: 'PAYME', status: 'unpaid' },
      expect: 'rows',
    },
    {
      name: 'amount range 100–150',
      filters: { minCents: 10_000, maxCents: 15_000 },
      query: { min: '100', max: '150' },
      expect: 'rows',
      page: true,
    },
    {
      name: 'amount exact 1,234.56',
      filters: { minCents: 123_456, maxCents: 123_456 },
      query: { min: '1234.56', max: '1234.56' },
    },
    { name: `deep keyset page ${DEEP_PAGE}`, filters: {}, query: {}, deep: true, expect: 'rows', page: true },
  ];
}

function range(from: string, to: string): Pick<OrderListFilters, 'createdFrom' | 'createdBefore'> {
  const { from: createdFrom, to: createdBefore } = hkDayRange(from, to);
  return { createdFrom, createdBefore };
}
