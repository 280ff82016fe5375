-- Indexes for the orders list and search (lib/orders/list.ts, lib/orders/search.ts).
-- Every list query is `WHERE <store scope> AND <filters> [AND (created_at, id) < cursor]
-- ORDER BY created_at DESC, id DESC LIMIT 51` (keyset pagination, never OFFSET), so each index
-- below ends in (created_at DESC, id DESC): the database walks it newest first and stops after
-- 51 rows, and a cursor is an index bound, so page 500 costs what page 1 costs.
-- Measured at 1M orders by `npm run bench:orders` (tests/bench/results/orders.json has the plans).
--
-- The unique key on our order number becomes a text_pattern_ops btree: it still enforces
-- uniqueness and serves `=` (ON CONFLICT (out_trade_no) infers it as before), and it also serves
-- `LIKE 'prefix%'` under any database collation (a default-opclass btree only does so under "C").
DROP INDEX "orders_out_trade_no_key";--> statement-breakpoint
CREATE UNIQUE INDEX "orders_out_trade_no_key" ON "orders" USING btree ("out_trade_no" text_pattern_ops);--> statement-breakpoint
-- Prefix search on eftPay's number and the wallet's transaction id: the search box matches all
-- three ids, exactly or by their first characters, as a BitmapOr of three index range scans.
-- Partial: unpaid orders often have neither id yet, and `LIKE 'x%'` implies NOT NULL.
-- (pg_trgm would add infix search, but nobody reads an order number from the middle, and a
-- btree keeps PGlite and every managed Postgres working without an extension.)
CREATE INDEX "orders_eftpay_trade_no_prefix_idx" ON "orders" USING btree ("eftpay_trade_no" text_pattern_ops) WHERE "orders"."eftpay_trade_no" is not null;--> statement-breakpoint
CREATE INDEX "orders_transaction_id_prefix_idx" ON "orders" USING btree ("transaction_id" text_pattern_ops) WHERE "orders"."transaction_id" is not null;--> statement-breakpoint
-- All-store roles (admin, finance) with no selective filter: the list itself, newest first.
CREATE INDEX "orders_created_idx" ON "orders" USING btree ("created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
-- Store-scoped roles (manager, supervisor), and the store filter: scope + time in one range scan.
-- Also answers `store_id IS NULL` (the "unassigned" filter).
CREATE INDEX "orders_store_created_idx" ON "orders" USING btree ("store_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
-- Status within a store ("unpaid orders in my store", "refunds this month"): statuses are not
-- spread evenly over time — unpaid orders are recent, closed ones old — so walking the store's
-- time index and filtering can read a long way before 51 rows match.
CREATE INDEX "orders_store_status_created_idx" ON "orders" USING btree ("store_id","status","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
-- Status across stores (admin/finance, and the unpaid-orders page for supervisors of many stores).
CREATE INDEX "orders_status_created_idx" ON "orders" USING btree ("status","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
-- An exact amount ("the customer paid 1,234.56") matches a handful of orders in a million: without
-- this the time index is walked to the end (measured 120 ms); with it, a few index entries.
-- Wide amount ranges still take the time index, which the planner prefers when matches are dense.
-- No index on wallet: even the rarest wallet is dense enough for the time index (measured).
CREATE INDEX "orders_amount_created_idx" ON "orders" USING btree ("amount_cents","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);
