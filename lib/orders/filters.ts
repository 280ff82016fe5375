import { z } from 'zod';
import type { FieldErrors } from '@/lib/errors';
import { HkDay } from '@/lib/finance/url-params';
import { parseAmountToCents } from '@/lib/money';
import { DATE_PRESETS } from '@/lib/shared/date-presets';
import { type MessageKey, type MessageParams, msg } from '@/lib/shared/messages';
import { ORDER_STATUSES, type OrderStatus } from '@/lib/shared/statuses';
import { UNASSIGNED } from '@/lib/shared/stores';
import { hasControlCharacters } from '@/lib/shared/text';
import { WALLET_CODES, type Wallet } from '@/lib/shared/wallets';
import { type DatePreset, hkDayRange, hkPreset } from '@/lib/time/hk';

/**
 * The orders list's filters: what the URL says (strings, as typed), and what the query needs
 * (typed values, Hong Kong days turned into instants). Safe to import in the browser.
 */
/** `store=unassigned` lists orders whose terminal no store owns (admin and finance only see them). */
export { DATE_PRESETS, ORDER_STATUSES, UNASSIGNED };

/** The URL's search parameters, as strings (null = absent). */
export interface OrderSearchParams {
  q: string | null;
  status: string | null;
  wallet: string | null;
  store: string | null;
  range: string | null;
  from: string | null;
  to: string | null;
  min: string | null;
  max: string | null;
}

/** What `listOrders` filters on. Every bound is optional; store scope is applied separately. */
export interface OrderListFilters {
  /**
   * The search box: our order no., eftPay's order no. or the wallet transaction id in any case, in
   * full, by its start or by its last characters — or an amount (`readSearchAmount`).
   */
  q?: string;
  status?: OrderStatus;
  wallet?: Wallet;
  /** A store id, or null for unassigned orders. */
  storeId?: string | null;
  /** created_at ≥ this instant. */
  createdFrom?: Date;
  /** created_at < this instant (half-open, so a day ends exactly where the next begins). */
  createdBefore?: Date;
  minCents?: number;
  maxCents?: number;
}

/** Identifiers are at most 64 characters here (ours are ≤ 28; wallets' transaction ids are longer). */
const MAX_SEARCH_LENGTH = 64;

/**
 * URL → filters. Bad values are reported per field and left out of the query, so a mistyped
 * amount never silently widens or empties the list without saying so.
 */
export function resolveOrderFilters(
  params: OrderSearchParams,
  now = new Date(),
): { filters: OrderListFilters; fieldErrors: FieldErrors } {
  const filters: OrderListFilters = {};
  const fieldErrors: FieldErrors = {};
  const fail = (field: string, key: MessageKey, params?: MessageParams) => {
    fieldErrors[field] = [...(fieldErrors[field] ?? []), msg(key, params)];
  };

  const q = params.q?.trim();
  if (q) {
    if (q.length > MAX_SEARCH_LENGTH) fail('q', 'errors.filters.too_long', { max: MAX_SEARCH_LENGTH });
    else if (hasControlCharacters(q)) fail('q', 'errors.filters.control_characters');
    else filters.q = q;
  }
  if (params.status) {
    if ((ORDER_STATUSES as readonly string[]).includes(params.status)) filters.status = params.status as OrderStatus;
    else fail('status', 'errors.filters.unknown_status');
  }
  if (params.wallet) {
    if ((WALLET_CODES as readonly string[]).includes(params.wallet)) filters.wallet = params.wallet as Wallet;
    else fail('wallet', 'errors.filters.unknown_wallet');
  }
  if (params.store) {
    if (params.store === UNASSIGNED) filters.storeId = null;
    else if (z.uuid().safeParse(params.store).success) filters.storeId = params.store;
    else fail('store', 'errors.filters.unknown_store');
  }

  let fromDay: string | undefined;
  let toDay: string | undefined;
  if (params.range) {
    if ((DATE_PRESETS as readonly string[]).includes(params.range)) {
      ({ from: fromDay, to: toDay } = hkPreset(params.range as DatePreset, now));
    } else fail('range', 'errors.filters.unknown_range');
  } else {
    for (const [field, value] of [
      ['from', params.from],
      ['to', params.to],
    ] as const) {
      if (!value) continue;
      const parsed = HkDay.safeParse(value);
      if (!parsed.success) {
        fieldErrors[field] = [
          ...(fieldErrors[field] ?? []),
          parsed.error.issues[0]?.message ?? msg('errors.filters.date_format'),
        ];
      } else if (field === 'from') fromDay = value;
      else toDay = value;
    }
    if (fromDay && toDay && fromDay > toDay) {
      fail('to', 'errors.filters.end_before_start');
      fromDay = toDay = undefined;
    }
  }
  const { from, to } = hkDayRange(fromDay, toDay);
  if (from) filters.createdFrom = from;
  if (to) filters.createdBefore = to;

  for (const [field, value] of [
    ['min', params.min],
    ['max', params.max],
  ] as const) {
    const text = value?.trim();
    if (!text) continue;
    const cents = parseAmountToCents(text.replace(/,/g, ''));
    if (cents === null) fail(field, 'errors.filters.amount_format');
    else if (field === 'min') filters.minCents = cents;
    else filters.maxCents = cents;
  }
  if (filters.minCents !== undefined && filters.maxCents !== undefined && filters.minCents > filters.maxCents) {
    fail('max', 'errors.filters.max_below_min');
    delete filters.minCents;
    delete filters.maxCents;
  }
  return { filters, fieldErrors };
}

/** Could `q` be one of our order numbers (`out_trade_no`, as "Find at eftPay" accepts it)? */
export function looksLikeOrderNumber(q: string | undefined): q is string {
  return !!q && /^[A-Za-z0-9_-]{1,28}$/.test(q);
}

// An optional currency mark (HK$, HKD, $), then a number with optional thousands commas and at most
// two decimals: "184.70", "184.7", "HK$184.70", "HKD 184.70", "$184.70", "1,234.50".
const SEARCH_AMOUNT_PATTERN = /^(HK\$|HKD|\$)?\s*([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(\.[0-9]{1,2})?$/i;

/**
 * The search box's text read as an amount, in cents, or null when it is not one.
 *
 * Digits alone ("1847") are a number search, never an amount: order numbers and transaction ids
 * are mostly digits, and their last four characters are exactly what a customer reads out. Text is
 * an amount only when it says so — a decimal point, a currency mark or thousands commas, none of
 * which any of the three numbers carries — so "184.70" lists the orders of HK$184.70 and "1847"
 * the orders whose numbers start or end with 1847.
 */
export function readSearchAmount(q: string): number | null {
  const match = SEARCH_AMOUNT_PATTERN.exec(q.trim());
  if (!match) return null;
  const [, currency, whole = '', decimals] = match;
  if (!currency && !decimals && !whole.includes(',')) return null;
  return parseAmountToCents(`${whole.replace(/,/g, '')}${decimals ?? ''}`);
}
