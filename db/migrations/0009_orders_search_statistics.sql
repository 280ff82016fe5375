-- Statistics for the search expressions whose indexes are partial (0005): PostgreSQL gathers no
-- statistics from a partial index, so without these it guesses 5,000 matches for any
-- `upper(eftpay_trade_no) = …` or `reverse(upper(transaction_id)) LIKE …`. That guess made a
-- store manager's number search AND the search index with the store's whole time index, and the
-- page's exact-number check (`hasExactIdMatch`) read the table sequentially whenever no order
-- carried exactly that number. Measured at 1M orders: 51 ms → 0.3 ms and 4.2 s → 0.1 ms
-- (tests/bench/orders.ts). Expression statistics need PostgreSQL 14+ (PGlite is 17).
CREATE STATISTICS IF NOT EXISTS "orders_eftpay_trade_no_upper_stats" ON (upper("eftpay_trade_no")) FROM "orders";--> statement-breakpoint
CREATE STATISTICS IF NOT EXISTS "orders_eftpay_trade_no_suffix_stats" ON (reverse(upper("eftpay_trade_no"))) FROM "orders";--> statement-breakpoint
CREATE STATISTICS IF NOT EXISTS "orders_transaction_id_upper_stats" ON (upper("transaction_id")) FROM "orders";--> statement-breakpoint
CREATE STATISTICS IF NOT EXISTS "orders_transaction_id_suffix_stats" ON (reverse(upper("transaction_id"))) FROM "orders";--> statement-breakpoint
ANALYZE "orders";
