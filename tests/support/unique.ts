let counter = 0;

/**
 * An order, refund or terminal number unique per run and per file (Postgres test files share one
 * server), at most 28 characters like eftPay's out_trade_no.
 */
export function uniqueNo(prefix = 'T'): string {
  counter += 1;
  const random = Math.floor(Math.random() * 36 ** 4).toString(36);
  return `${prefix}${Date.now().toString(36)}${random}${counter.toString(36)}`.toUpperCase().slice(0, 28);
}
